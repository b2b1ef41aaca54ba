using MetaHarmony.Experiments;
using Plotly.NET;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaHarmony.Reporting;

/// <summary>
/// The paper's figures as Plotly.NET charts, built from run records. Every figure is an
/// ordinary <see cref="GenericChart"/>: display it in a notebook, restyle it, or save it with
/// <see cref="FigureExporter"/>.
/// </summary>
public static partial class Figures
{
    /// <summary>Width of a single-panel figure, in pixels.</summary>
    public const int Width = 820;

    /// <summary>Height of a single-panel figure, in pixels.</summary>
    public const int Height = 480;

    /// <summary>
    /// Meta-test accuracy per configuration as grouped bars, one group per task shape, with
    /// 95% confidence intervals as error bars.
    /// </summary>
    public static GenericChart AccuracyBars(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        var traces = table.Shapes.Select((shape, s) =>
        {
            var rows = table.Rows
                .Where(r => r.Cells.TryGetValue(shape, out var c) && c.Accuracy is not null)
                .Select(r => (r.Variant, Accuracy: r.Cells[shape].Accuracy!))
                .ToList();
            return Chart.Column<double, string, string>(
                    values: rows.Select(r => 100 * r.Accuracy.Mean),
                    Keys: ChartStyle.Values(rows.Select(r => r.Variant)),
                    Name: shape.Label, MarkerColor: ChartStyle.ColorAt(s))
                .WithYErrors(rows.Select(r => Finite(100 * r.Accuracy.KnownHalfWidth())));
        });
        return Chart.Combine(traces.ToList())
            .Titled("Meta-test accuracy (bars: 95% confidence interval)")
            .Axes("configuration", "accuracy (%)")
            .Sized(Width, Height);
    }

    /// <inheritdoc cref="AccuracyBars(ResultsTable)"/>
    public static GenericChart AccuracyBars(IEnumerable<RunRecord> runs) =>
        AccuracyBars(ResultsTable.Build(runs));

    /// <summary>
    /// <paramref name="chart"/> under another title, e.g. one that names the subset of runs
    /// it shows.
    /// </summary>
    public static GenericChart WithTitle(this GenericChart chart, string title)
    {
        ArgumentNullException.ThrowIfNull(chart);
        ArgumentException.ThrowIfNullOrWhiteSpace(title);
        return chart.Titled(title);
    }

    static double Finite(double value) => double.IsFinite(value) ? value : 0;

    static IReadOnlyList<RunRecord> Checked(IEnumerable<RunRecord> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        var list = runs.ToList();
        RunChecks.RequireOneSetting(list, nameof(runs));
        return list;
    }

    static GenericChart Line(RunRecord run, IReadOnlyList<double> values, string name,
        int colour, int window, bool showLegend = true, StyleParam.DrawingStyle? dash = null)
    {
        var x = run.Iterations.Select(i => i.Iteration);
        var y = Smoothing.MovingAverage(values, window);
        return dash is null
            ? Chart.Line<long, double, string>(x, y, Name: name, ShowLegend: showLegend,
                LineColor: ChartStyle.ColorAt(colour))
            : Chart.Line<long, double, string>(x, y, Name: name, ShowLegend: showLegend,
                LineColor: ChartStyle.ColorAt(colour), LineDash: dash);
    }

    static int Window(RunRecord run, int? smoothing) =>
        smoothing ?? Smoothing.AutomaticWindow(run.Iterations.Count);
}
