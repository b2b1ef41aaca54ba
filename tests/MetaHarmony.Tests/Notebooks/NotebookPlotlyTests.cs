using System.Text.RegularExpressions;
using MetaHarmony.Notebooks;
using MetaHarmony.Reporting;
using MetaHarmony.Tests.Reporting;

namespace MetaHarmony.Tests.Notebooks;

[Collection(nameof(FormatterState))]
public sealed partial class NotebookPlotlyTests
{
    [Fact]
    public void OnlyTheFirstChartCarriesPlotlyAndNoneLoadsFromTheNetwork()
    {
        var chart = Figures.ConflictIndex([SyntheticRuns.Run("full", 1, 0, [0.5], iterations: 5)]);
        NotebookPlotly.Reset();

        string first = NotebookPlotly.ToHtml(chart);
        string second = NotebookPlotly.ToHtml(chart);

        Assert.Contains("plotly.js v", first, StringComparison.Ordinal);
        Assert.True(first.Length > 1_000_000, "the first chart should embed plotly.js");
        Assert.True(second.Length < 100_000, "later charts should reuse the embedded plotly.js");
        Assert.Contains("window.Plotly.newPlot", second, StringComparison.Ordinal);
        Assert.DoesNotMatch(RemoteScript(), first + second);
    }

    [GeneratedRegex("<script[^>]*src\\s*=", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteScript();
}
