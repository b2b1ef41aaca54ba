using System.Globalization;
using System.Net;
using System.Text;
using Deedle;

namespace MetaHarmony.Reporting;

/// <summary>
/// A table as text cells: the common ground of a Deedle frame's HTML, Markdown and Plotly
/// table renderings.
/// </summary>
/// <param name="Header">Column titles, the row-key column first.</param>
/// <param name="Rows">One list of cells per row, as wide as the header.</param>
public sealed record TextTable(IReadOnlyList<string> Header,
    IReadOnlyList<IReadOnlyList<string>> Rows)
{
    /// <summary>
    /// The cells of a frame: its row keys in the first column (titled
    /// <paramref name="rowKeyTitle"/>), numbers in the invariant culture, missing values empty.
    /// </summary>
    public static TextTable FromFrame<TRow, TColumn>(Frame<TRow, TColumn> frame,
        string rowKeyTitle = "")
        where TRow : notnull
        where TColumn : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        var columnKeys = frame.ColumnKeys.ToList();
        var columns = columnKeys.Select(c => frame.GetColumn<object>(c)).ToList();
        var header = columnKeys.Select(c => Cell(c)).Prepend(rowKeyTitle).ToList();
        var rows = frame.RowKeys
            .Select(r => (IReadOnlyList<string>)columns
                .Select(column => column.TryGet(r) is { HasValue: true } v ? Cell(v.Value) : "")
                .Prepend(Cell(r)).ToList())
            .ToList();
        return new TextTable(header, rows);
    }

    /// <summary>GitHub-flavoured Markdown; pipes inside cells are escaped.</summary>
    public string ToMarkdown()
    {
        var text = new StringBuilder();
        AppendLine(Header);
        AppendLine(Header.Select(_ => "---"));
        foreach (var row in Rows)
        {
            AppendLine(row);
        }
        return text.ToString();

        void AppendLine(IEnumerable<string> cells) => text.Append("| ")
            .AppendJoin(" | ", cells.Select(c => c.Replace("|", "\\|", StringComparison.Ordinal)))
            .Append(" |\n");
    }

    /// <summary>A plain HTML table (encoded cells, no scripts) for notebooks and reports.</summary>
    public string ToHtml()
    {
        var html = new StringBuilder("<table class=\"metaharmony-table\"><thead><tr>");
        foreach (string title in Header)
        {
            html.Append("<th>").Append(WebUtility.HtmlEncode(title)).Append("</th>");
        }
        html.Append("</tr></thead><tbody>");
        foreach (var row in Rows)
        {
            html.Append("<tr>");
            for (int i = 0; i < row.Count; i++)
            {
                string tag = i == 0 ? "th" : "td";
                html.Append('<').Append(tag).Append('>').Append(WebUtility.HtmlEncode(row[i]))
                    .Append("</").Append(tag).Append('>');
            }
            html.Append("</tr>");
        }
        return html.Append("</tbody></table>").ToString();
    }

    static string Cell(object? value) => value switch
    {
        null => "",
        double d when double.IsNaN(d) => "",
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        float f => f.ToString("G6", CultureInfo.InvariantCulture),
        IFormattable f => f.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? "",
    };
}
