using MetaHarmony.Experiments;
using Plotly.NET;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaHarmony.Reporting;

public static partial class Figures
{
    /// <summary>
    /// The Gradient Conflict Index over training, one line per run (moving average over
    /// <paramref name="smoothing"/> iterations; about 2% of the run when null).
    /// </summary>
    /// <param name="runs">Runs of one dataset and backbone.</param>
    /// <param name="normalized">Plot the index divided by the sum of gradient norms.</param>
    /// <param name="smoothing">Moving-average window in iterations.</param>
    public static GenericChart ConflictIndex(IEnumerable<RunRecord> runs, bool normalized = false,
        int? smoothing = null)
    {
        var list = Checked(runs);
        var labels = RunLabels.For(list);
        var lines = list.Select((run, r) => Line(run, run.Iterations
            .Select(i => normalized ? i.ConflictIndexNormalized : i.ConflictIndex).ToList(),
            labels[r], r, Window(run, smoothing)));
        string name = normalized ? "Normalised Gradient Conflict Index" : "Gradient Conflict Index";
        return Chart.Combine(lines.ToList())
            .Titled($"{name} over training")
            .Axes("meta-iteration", normalized ? "normalised GCI" : "GCI")
            .Sized(Width, Height);
    }

    /// <summary>
    /// The Gradient Conflict Index of every layer over training: one panel per layer, one line
    /// per run in the same colour across panels.
    /// </summary>
    /// <inheritdoc cref="ConflictIndex" path="/param"/>
    public static GenericChart LayerConflictIndex(IEnumerable<RunRecord> runs,
        bool normalized = false, int? smoothing = null)
    {
        var list = Checked(runs);
        var layers = list[0].LayerNames;
        if (list.Any(r => !r.LayerNames.SequenceEqual(layers)))
        {
            throw new ArgumentException(
                "The runs have different layers; plot runs of one backbone and layer grouping.",
                nameof(runs));
        }

        var labels = RunLabels.For(list);
        var panels = layers.Select((layer, l) => Chart.Combine(list.Select((run, r) =>
                Line(run, run.Iterations.Select(i => normalized
                        ? i.LayerConflictIndexNormalized[l] : i.LayerConflictIndex[l]).ToList(),
                    labels[r], r, Window(run, smoothing), showLegend: l == 0))
                .ToList()))
            .ToList();
        int columns = Math.Min(3, layers.Count);
        int rows = (layers.Count + columns - 1) / columns;
        return Chart.Grid(panels, rows, columns, SubPlotTitles: ChartStyle.Values(layers))
            .Titled((normalized ? "Normalised GCI" : "GCI") + " per layer over training")
            .Sized(Width + 160, 80 + 260 * rows);
    }

    /// <summary>
    /// Query loss (top) and query accuracy (bottom) after adaptation over training, one line
    /// per run, smoothed like <see cref="ConflictIndex"/>.
    /// </summary>
    public static GenericChart TrainingCurves(IEnumerable<RunRecord> runs, int? smoothing = null)
    {
        var list = Checked(runs);
        var labels = RunLabels.For(list);
        var loss = list.Select((run, r) => Line(run,
            run.Iterations.Select(i => i.QueryLoss).ToList(), labels[r], r,
            Window(run, smoothing)));
        var accuracy = list.Select((run, r) => Line(run,
            run.Iterations.Select(i => 100 * i.QueryAccuracy).ToList(), labels[r], r,
            Window(run, smoothing), showLegend: false));
        return Chart.Grid([Chart.Combine(loss.ToList()), Chart.Combine(accuracy.ToList())], 2, 1,
                SubPlotTitles: ChartStyle.Values(["query loss", "query accuracy (%)"]))
            .Titled("Query loss and accuracy after adaptation")
            .Sized(Width, 2 * Height - 80);
    }

    /// <summary>
    /// Share of harmonized (exploit) updates so far at each iteration, solid, with the
    /// schedule's exploit probability dashed in the same colour.
    /// </summary>
    public static GenericChart HarmonizedShare(IEnumerable<RunRecord> runs)
    {
        var list = Checked(runs);
        var labels = RunLabels.For(list);
        var lines = list.SelectMany((run, r) => new[]
        {
            Line(run, RunningShare(run.Iterations), $"{labels[r]}: share harmonized", r, 1),
            Line(run, run.Iterations.Select(i => i.ExploitProbability).ToList(),
                $"{labels[r]}: p(exploit)", r, 1, dash: StyleParam.DrawingStyle.Dash),
        });
        return Chart.Combine(lines.ToList())
            .Titled("Harmonized updates over training")
            .Axes("meta-iteration", "share of updates")
            .Sized(Width, Height);
    }

    /// <summary>Fraction of the iterations up to each one whose update was harmonized.</summary>
    public static double[] RunningShare(IReadOnlyList<IterationRecord> iterations)
    {
        ArgumentNullException.ThrowIfNull(iterations);
        var share = new double[iterations.Count];
        int exploits = 0;
        for (int i = 0; i < iterations.Count; i++)
        {
            exploits += iterations[i].Exploit ? 1 : 0;
            share[i] = (double)exploits / (i + 1);
        }
        return share;
    }
}
