using System.Globalization;
using Deedle;
using MetaHarmony.Experiments;
using MetaHarmony.Metrics;

namespace MetaHarmony.Reporting;

/// <summary>
/// The paper's results table: one row per configuration, and for every task shape the
/// meta-test accuracy with its 95% interval, the Gradient Conflict Index over the last 10% of
/// training, and the paired accuracy difference to the baseline.
/// </summary>
public sealed class ResultsTable
{
    /// <summary>The variant the others are compared with unless told otherwise.</summary>
    public const string DefaultBaseline = "maml";

    ResultsTable(string baseline, IReadOnlyList<TaskShape> shapes, IReadOnlyList<ResultsRow> rows,
        IReadOnlyList<string> notes)
    {
        Baseline = baseline;
        Shapes = shapes;
        Rows = rows;
        Notes = notes;
    }

    /// <summary>The variant that differences are taken against.</summary>
    public string Baseline { get; }

    /// <summary>The task shapes (columns), ordered by ways and shots.</summary>
    public IReadOnlyList<TaskShape> Shapes { get; }

    /// <summary>One row per configuration: the baseline, then the others as they came.</summary>
    public IReadOnlyList<ResultsRow> Rows { get; }

    /// <summary>Why some differences could not be formed, one sentence each.</summary>
    public IReadOnlyList<string> Notes { get; }

    /// <summary>
    /// Builds the table from finished runs of one dataset and backbone. Runs of the same variant
    /// and task shape with different seeds are averaged, their interval then taken across seeds
    /// (<see cref="ConfidenceIntervals.Combine"/>); a variant is paired with the baseline run of
    /// the same ways, shots, seed and evaluation episodes.
    /// </summary>
    public static ResultsTable Build(IEnumerable<RunRecord> runs,
        string baseline = DefaultBaseline)
    {
        ArgumentNullException.ThrowIfNull(runs);
        ArgumentException.ThrowIfNullOrWhiteSpace(baseline);
        var list = runs.ToList();
        RunChecks.RequireOneSetting(list, nameof(runs));

        var shapes = list.Select(ShapeOf).Distinct().Order().ToList();
        var variants = list.Select(r => r.Description.Variant).Distinct()
            .OrderBy(v => v == baseline ? 0 : 1).ToList();
        var notes = new List<string>();
        var rows = variants
            .Select(v => new ResultsRow(v, shapes
                .Select(s => (Shape: s, Cell: Cell(list, v, s, baseline, notes)))
                .Where(x => x.Cell is not null)
                .ToDictionary(x => x.Shape, x => x.Cell!)))
            .ToList();
        return new ResultsTable(baseline, shapes, rows, notes);
    }

    /// <summary>
    /// The table as it is read: formatted cells ("48.70 ± 1.84"), rows keyed by configuration.
    /// Accuracies and differences are in percent (points).
    /// </summary>
    public Frame<string, string> ToFrame()
    {
        var columns = new List<KeyValuePair<string, Series<string, string>>>();
        foreach (var shape in Shapes)
        {
            Add($"{Prefix(shape)} acc. (%)", shape, (_, c) => c.Accuracy?.Percent() ?? "n/a");
        }
        foreach (var shape in Shapes)
        {
            Add($"{Prefix(shape)} GCI", shape, (_, c) => Significant(c.ConflictIndex, 4));
            Add($"{Prefix(shape)} nGCI", shape,
                (_, c) => Number(c.NormalizedConflictIndex, "F3"));
        }
        foreach (var shape in Shapes)
        {
            Add($"{Prefix(shape)} Δ vs {Baseline} (pp)", shape, (variant, c) =>
                variant == Baseline ? "baseline" : c.DifferenceToBaseline?.Percent() ?? "n/a");
        }
        return Frame.FromColumns(columns);

        void Add(string name, TaskShape shape, Func<string, ResultsCell, string> format) =>
            columns.Add(new(name, new Series<string, string>(Rows.Select(r => r.Variant),
                Rows.Select(r => CellAt(r, shape) is { } cell ? format(r.Variant, cell) : "n/a"))));
    }

    /// <summary>
    /// The same numbers unformatted, for files that other tools read: per shape the accuracy
    /// and its half-width (percent), the two conflict indices, the paired difference and its
    /// half-width (points) and the number of seeds. Missing values are NaN.
    /// </summary>
    public Frame<string, string> ToNumericFrame()
    {
        var columns = new List<KeyValuePair<string, Series<string, double>>>();
        foreach (var shape in Shapes)
        {
            string p = Prefix(shape);
            Add($"{p} acc. (%)", shape, c => 100 * (c.Accuracy?.Mean ?? double.NaN));
            Add($"{p} acc. ci95 (%)", shape,
                c => 100 * (c.Accuracy?.KnownHalfWidth() ?? double.NaN));
            Add($"{p} GCI", shape, c => c.ConflictIndex);
            Add($"{p} nGCI", shape, c => c.NormalizedConflictIndex);
            Add($"{p} diff (pp)", shape, c => 100 * (c.DifferenceToBaseline?.Mean ?? double.NaN));
            Add($"{p} diff ci95 (pp)", shape,
                c => 100 * (c.DifferenceToBaseline?.KnownHalfWidth() ?? double.NaN));
            Add($"{p} seeds", shape, c => c.Seeds);
        }
        return Frame.FromColumns(columns);

        void Add(string name, TaskShape shape, Func<ResultsCell, double> value) =>
            columns.Add(new(name, new Series<string, double>(Rows.Select(r => r.Variant),
                Rows.Select(r => CellAt(r, shape) is { } cell ? value(cell) : double.NaN))));
    }

    /// <summary>The formatted table as GitHub-flavoured Markdown, notes below it.</summary>
    public string ToMarkdown()
    {
        string table = TextTable.FromFrame(ToFrame(), "configuration").ToMarkdown();
        return Notes.Count == 0 ? table
            : table + Environment.NewLine + string.Concat(Notes.Select(n => $"- {n}\n"));
    }

    static ResultsCell? CellAt(ResultsRow row, TaskShape shape) =>
        row.Cells.TryGetValue(shape, out var cell) ? cell : null;

    string Prefix(TaskShape shape) =>
        Shapes.Select(s => s.Ways).Distinct().Count() == 1 ? $"{shape.Shots}-shot" : shape.Label;

    static string Number(double value, string format) =>
        double.IsNaN(value) ? "n/a"
        : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// <paramref name="value"/> to <paramref name="digits"/> significant digits, trailing zeros
    /// kept ("2.080", "0.6378", "18.50"): the raw GCI's scale follows the gradients' norms, so
    /// a fixed number of decimals would suit one backbone and not the next, while a column
    /// whose entries end at different places reads badly.
    /// </summary>
    internal static string Significant(double value, int digits)
    {
        if (double.IsNaN(value) || value == 0 || double.IsInfinity(value))
        {
            return Number(value, "G");
        }
        int magnitude = (int)Math.Floor(Math.Log10(Math.Abs(value)));
        double rounded = Math.Round(value, Math.Clamp(digits - 1 - magnitude, 0, 15));
        // Rounding may carry into the next power of ten (9.9996 -> 10.00).
        magnitude = (int)Math.Floor(Math.Log10(Math.Abs(rounded)));
        int decimals = Math.Clamp(digits - 1 - magnitude, 0, 15);
        return Number(rounded, "F" + decimals.ToString(CultureInfo.InvariantCulture));
    }

    static TaskShape ShapeOf(RunRecord run) =>
        new(run.Description.Ways, run.Description.Shots);

    static ResultsCell? Cell(List<RunRecord> runs, string variant, TaskShape shape,
        string baseline, List<string> notes)
    {
        var ours = runs.Where(r => r.Description.Variant == variant && ShapeOf(r) == shape)
            .OrderBy(r => r.Description.Seed).ToList();
        if (ours.Count == 0)
        {
            return null;
        }

        var evaluated = ours.Where(r => r.Evaluation is not null)
            .Select(r => ConfidenceIntervals.Of(r.Evaluation!))
            .ToList();
        var differences = variant == baseline ? []
            : ours.Select(r => Difference(runs, r, baseline, notes))
                .OfType<ConfidenceInterval>().ToList();
        return new ResultsCell(
            evaluated.Count > 0 ? ConfidenceIntervals.Combine(evaluated) : null,
            ours.Average(r => r.MeanOverLast(i => i.ConflictIndex)),
            ours.Average(r => r.MeanOverLast(i => i.ConflictIndexNormalized)),
            differences.Count > 0 ? ConfidenceIntervals.Combine(differences) : null,
            ours.Count);
    }

    static ConfidenceInterval? Difference(List<RunRecord> runs, RunRecord run, string baseline,
        List<string> notes)
    {
        var partner = runs.FirstOrDefault(r => r.Description.Variant == baseline
            && ShapeOf(r) == ShapeOf(run) && r.Description.Seed == run.Description.Seed);
        if (partner is null)
        {
            notes.Add($"{run.Description.Label}: no {baseline} run with the same shape and "
                + "seed to pair with");
            return null;
        }

        var difference = PairedDifference.TryCompute(run, partner, out string? whyNot);
        if (whyNot is not null)
        {
            notes.Add(whyNot);
        }
        return difference;
    }
}
