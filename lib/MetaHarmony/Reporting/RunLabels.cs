using MetaHarmony.Experiments;

namespace MetaHarmony.Reporting;

/// <summary>Short legend labels: only the parts that tell the runs apart.</summary>
internal static class RunLabels
{
    /// <summary>
    /// "full", or "full 5-shot", or "full 5-shot seed 1": the variant always, the shape and
    /// the seed only where the runs differ in them.
    /// </summary>
    public static IReadOnlyList<string> For(IReadOnlyList<RunRecord> runs)
    {
        bool ways = runs.Select(r => r.Description.Ways).Distinct().Count() > 1;
        bool shots = runs.Select(r => r.Description.Shots).Distinct().Count() > 1;
        bool seeds = runs.Select(r => r.Description.Seed).Distinct().Count() > 1;
        return runs.Select(r =>
        {
            var d = r.Description;
            string label = d.Variant;
            label += ways ? $" {d.Ways}-way" : "";
            label += shots ? $" {d.Shots}-shot" : "";
            return label + (seeds ? $" seed {d.Seed}" : "");
        }).ToList();
    }
}
