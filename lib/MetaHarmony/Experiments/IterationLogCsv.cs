using System.Globalization;
using System.Text;

namespace MetaHarmony.Experiments;

/// <summary>
/// The per-iteration log as CSV, one row per meta-iteration: the open format that spreadsheets,
/// pandas and Deedle read. Per-layer columns are named after the layers; task weights are
/// "weight.{layer}.{task}".
/// </summary>
public static class IterationLogCsv
{
    static readonly string[] Fixed =
    [
        "iteration", "epoch", "query_loss", "query_accuracy", "gci", "gci_normalized",
        "exploit", "p_exploit", "seconds",
    ];

    /// <summary>The CSV text of <paramref name="rows"/>.</summary>
    public static string Write(IReadOnlyList<string> layers, IReadOnlyList<IterationRecord> rows)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(rows);
        int tasks = rows.FirstOrDefault(r => r.TaskWeights is not null)?.TaskWeights![0].Count ?? 0;
        var header = Fixed
            .Concat(layers.Select(l => $"gci.{l}"))
            .Concat(layers.Select(l => $"gci_normalized.{l}"))
            .Concat(layers.SelectMany(l =>
                Enumerable.Range(0, tasks).Select(t => $"weight.{l}.{t}")));
        var text = new StringBuilder().AppendJoin(',', header).Append('\n');
        foreach (var row in rows)
        {
            var cells = new List<string>
            {
                row.Iteration.ToString(CultureInfo.InvariantCulture), Number(row.Epoch),
                Number(row.QueryLoss), Number(row.QueryAccuracy), Number(row.ConflictIndex),
                Number(row.ConflictIndexNormalized), row.Exploit ? "1" : "0",
                Number(row.ExploitProbability), Number(row.Seconds),
            };
            cells.AddRange(row.LayerConflictIndex.Select(Number));
            cells.AddRange(row.LayerConflictIndexNormalized.Select(Number));
            cells.AddRange(row.TaskWeights is null
                ? Enumerable.Repeat("", layers.Count * tasks)
                : row.TaskWeights.SelectMany(layer => layer.Select(Number)));
            text.AppendJoin(',', cells).Append('\n');
        }
        return text.ToString();
    }

    /// <summary>Rows read back from CSV text written by <see cref="Write"/>.</summary>
    public static IReadOnlyList<IterationRecord> Read(IReadOnlyList<string> layers, string csv)
    {
        ArgumentNullException.ThrowIfNull(layers);
        ArgumentNullException.ThrowIfNull(csv);
        var lines = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        if (lines.Length == 0)
        {
            return [];
        }

        var header = lines[0].Split(',');
        int tasks = header.Count(h => h.StartsWith("weight.", StringComparison.Ordinal))
            / Math.Max(1, layers.Count);
        int expected = Fixed.Length + 2 * layers.Count + layers.Count * tasks;
        return lines.Skip(1).Select((line, i) =>
        {
            var c = line.Split(',');
            if (c.Length != expected)
            {
                throw new InvalidDataException(
                    $"Iteration log row {i + 1} has {c.Length} cells; the header has {expected}.");
            }

            int at = Fixed.Length;
            var layerGci = c[at..(at += layers.Count)].Select(Parse).ToList();
            var layerNormalized = c[at..(at += layers.Count)].Select(Parse).ToList();
            IReadOnlyList<IReadOnlyList<double>>? weights = tasks == 0 || c[at].Length == 0
                ? null
                : Enumerable.Range(0, layers.Count)
                    .Select(l => (IReadOnlyList<double>)c[(at + l * tasks)..(at + (l + 1) * tasks)]
                        .Select(Parse).ToList())
                    .ToList();
            return new IterationRecord(long.Parse(c[0], CultureInfo.InvariantCulture),
                Parse(c[1]), Parse(c[2]), Parse(c[3]), Parse(c[4]), Parse(c[5]), layerGci,
                layerNormalized, c[6] == "1", Parse(c[7]), weights, Parse(c[8]));
        }).ToList();
    }

    static string Number(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    static double Parse(string cell) => double.Parse(cell, CultureInfo.InvariantCulture);
}
