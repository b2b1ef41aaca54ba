using MetaHarmony.Experiments;

namespace MetaHarmony.Reporting;

/// <summary>Guards shared by the tables and figures.</summary>
internal static class RunChecks
{
    /// <summary>
    /// Rejects an empty set, runs of several datasets or backbones (their numbers do not belong
    /// in one table) and two runs of the same variant, shape and seed (which one to show would
    /// be a guess).
    /// </summary>
    public static void RequireOneSetting(IReadOnlyList<RunRecord> runs, string parameter)
    {
        if (runs.Count == 0)
        {
            throw new ArgumentException("No runs given; train or load some first.", parameter);
        }

        foreach (var (name, values) in new[]
        {
            ("datasets", runs.Select(r => r.Description.Dataset).Distinct().ToList()),
            ("backbones", runs.Select(r => r.Description.Backbone).Distinct().ToList()),
        })
        {
            if (values.Count > 1)
            {
                throw new ArgumentException(
                    $"The runs mix {name} ({string.Join(", ", values)}); build one table per "
                    + $"setting, e.g. runs.Where(r => r.Description.Dataset == \"{values[0]}\").",
                    parameter);
            }
        }

        var twice = runs.GroupBy(r => r.Description.Label).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
        {
            throw new ArgumentException(
                $"Two runs are both '{twice.Key}' ({string.Join(", ", twice.Select(r => r.RunId))})"
                + "; keep one of them, or give the variants distinct names.", parameter);
        }
    }
}
