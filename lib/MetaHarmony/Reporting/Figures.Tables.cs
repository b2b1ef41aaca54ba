using Deedle;
using Microsoft.FSharp.Core;
using Plotly.NET;
using Plotly.NET.TraceObjects;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaHarmony.Reporting;

public static partial class Figures
{
    /// <summary>
    /// A table as a Plotly figure, so that it exports (HTML, PNG) with the other figures.
    /// </summary>
    public static GenericChart Table(TextTable table, string? title = null)
    {
        ArgumentNullException.ThrowIfNull(table);
        var columns = Enumerable.Range(0, table.Header.Count)
            .Select(c => (IEnumerable<string>)table.Rows.Select(row => row[c]).ToList())
            .ToList();
        var header = table.Header.Select(h => (IEnumerable<string>)[h]);
        var chart = Chart.Table(Cells(header), Cells(columns))
            .Sized(Math.Max(Width, 150 * table.Header.Count), 240 + 34 * table.Rows.Count);
        return title is null ? chart : chart.Titled(title);
    }

    /// <summary>A Deedle frame as a Plotly table; row keys form the first column.</summary>
    public static GenericChart Table<TRow, TColumn>(Frame<TRow, TColumn> frame,
        string? title = null, string rowKeyTitle = "")
        where TRow : notnull
        where TColumn : notnull =>
        Table(TextTable.FromFrame(frame, rowKeyTitle), title);

    /// <summary>The results table, formatted as in <see cref="ResultsTable.ToFrame"/>.</summary>
    public static GenericChart Table(ResultsTable table)
    {
        ArgumentNullException.ThrowIfNull(table);
        return Table(table.ToFrame(), "Results", "configuration");
    }

    static TableCells Cells(IEnumerable<IEnumerable<string>> columns) =>
        TableCells.init<IEnumerable<string>, string>(
            Align: FSharpOption<StyleParam.HorizontalAlign>.Some(StyleParam.HorizontalAlign.Left),
            MultiAlign: null, Fill: null,
            Font: null,
            Format: null, Height: FSharpOption<int>.Some(28), Line: null, Prefix: null,
            MultiPrefix: null, Suffix: null, MultiSuffix: null,
            Values: FSharpOption<IEnumerable<IEnumerable<string>>>.Some(columns));
}
