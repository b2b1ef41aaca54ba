using System.Globalization;
using System.Net;
using System.Text;
using MetaHarmony.Meta;

namespace MetaHarmony.Notebooks;

/// <summary>
/// What a live progress display shows: the last report of each finished phase, and the
/// current one with a progress bar.
/// </summary>
/// <param name="Finished">Final reports of earlier runs and phases, oldest first.</param>
/// <param name="Current">The latest report.</param>
public sealed record ProgressView(IReadOnlyList<TrainingProgress> Finished,
    TrainingProgress Current)
{
    static readonly string[] Columns =
        ["run", "phase", "step", "loss", "query acc.", "GCI", "s/it", "time left"];

    /// <summary>
    /// One plain line per report: "full 5-way 1-shot seed 0 | train 120/300 | loss 1.234 | ...",
    /// leaving out the values a phase does not have.
    /// </summary>
    public override string ToString() =>
        string.Join("\n", Finished.Append(Current).Select(Line));

    static string Line(TrainingProgress p)
    {
        var cells = Cells(p);
        var parts = new List<string> { p.Run, $"{p.Phase} {cells[2]}" };
        for (int c = 3; c < cells.Length; c++)
        {
            if (cells[c].Length > 0)
            {
                parts.Add($"{Columns[c]} {cells[c]}");
            }
        }
        return string.Join(" | ", parts);
    }

    /// <summary>A small HTML table with a bar for the current phase.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<div class=\"metaharmony-progress\">");
        html.Append("<progress max=\"1\" value=\"")
            .Append(Current.Fraction.ToString("F4", CultureInfo.InvariantCulture))
            .Append("\" style=\"width:100%\"></progress><table><thead><tr>");
        foreach (string column in Columns)
        {
            html.Append("<th>").Append(column).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var report in Finished.Append(Current))
        {
            html.Append("<tr>");
            foreach (string cell in Cells(report))
            {
                html.Append("<td>").Append(WebUtility.HtmlEncode(cell)).Append("</td>");
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table></div>").ToString();
    }

    static string[] Cells(TrainingProgress p) =>
    [
        p.Run, p.Phase, $"{p.Step}/{p.Steps}",
        Number(p.QueryLoss, "F3"), Number(p.QueryAccuracy, "P1"),
        Number(p.ConflictIndex, "G3"), Number(p.SecondsPerStep, "F3"),
        p.Remaining.ToString(@"hh\:mm\:ss", CultureInfo.InvariantCulture),
    ];

    /// <summary>Empty for a value a phase does not have (NaN), e.g. a dataset's loss.</summary>
    static string Number(double value, string format) =>
        double.IsNaN(value) ? "" : value.ToString(format, CultureInfo.InvariantCulture);
}
