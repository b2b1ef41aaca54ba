using MetaHarmony.Experiments;
using Plotly.NET;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaHarmony.Reporting;

public static partial class Figures
{
    /// <summary>
    /// Most weights drawn per run and layer; beyond it, every k-th iteration is kept.
    /// </summary>
    public const int MaxWeightsPerBox = 2000;

    /// <summary>
    /// Distribution of the weights the aggregator gave the tasks, per layer: one box per run
    /// and layer over all recorded iterations (every k-th iteration beyond
    /// <see cref="MaxWeightsPerBox"/> weights). A uniform mean would put every weight at 1/T.
    /// </summary>
    public static GenericChart AttentionWeights(IEnumerable<RunRecord> runs)
    {
        var list = Checked(runs);
        var labels = RunLabels.For(list);
        var boxes = list
            .Select((run, r) => (Run: run, Label: labels[r], Colour: r))
            .Where(x => x.Run.Iterations.Any(i => i.TaskWeights is not null))
            .Select(x =>
            {
                var (layers, weights) = WeightsByLayer(x.Run);
                return Chart.BoxPlot<string, double, string>(
                    X: ChartStyle.Values(layers), Y: ChartStyle.Values(weights),
                    Name: x.Label, MarkerColor: ChartStyle.ColorAt(x.Colour));
            })
            .ToList();

        var tasks = list.SelectMany(r => r.Iterations).Select(i => i.TaskWeights)
            .OfType<IReadOnlyList<IReadOnlyList<double>>>()
            .Select(w => w.Count > 0 ? w[0].Count : 0).Distinct().ToList();
        string uniform = tasks.Count == 1 && tasks[0] > 0 ? $" (uniform: 1/{tasks[0]})" : "";
        string title = boxes.Count == 0
            ? "Attention weights: none recorded (the runs used a plain mean)"
            : $"Distribution of task weights per layer{uniform}";
        var chart = boxes.Count == 0
            ? Chart.Combine([Chart.BoxPlot<string, double, string>(
                X: ChartStyle.Values<string>([]), Y: ChartStyle.Values<double>([]))])
            : Chart.Combine(boxes);
        return chart.WithLayoutValue("boxmode", "group")
            .Titled(title)
            .Axes("layer", "task weight")
            .Sized(Width, Height);
    }

    static (List<string> Layers, List<double> Weights) WeightsByLayer(RunRecord run)
    {
        var layers = new List<string>();
        var weights = new List<double>();
        for (int l = 0; l < run.LayerNames.Count; l++)
        {
            // Whole iterations are kept or dropped, so that no task position is favoured.
            var recorded = run.Iterations.Select(i => i.TaskWeights)
                .Where(w => w is not null && w.Count > l)
                .Select(w => w![l])
                .ToList();
            int total = recorded.Sum(w => w.Count);
            int stride = Math.Max(1, (total + MaxWeightsPerBox - 1) / MaxWeightsPerBox);
            var kept = recorded.Where((_, i) => i % stride == 0).SelectMany(w => w).ToList();
            layers.AddRange(Enumerable.Repeat(run.LayerNames[l], kept.Count));
            weights.AddRange(kept);
        }
        return (layers, weights);
    }
}
