using Deedle;
using MetaHarmony.Notebooks;
using MetaHarmony.Reporting;
using MetaHarmony.Tests.Reporting;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>Tests that change the process-wide formatter registrations run one at a time.</summary>
[CollectionDefinition(nameof(FormatterState), DisableParallelization = true)]
public sealed class FormatterState;

[Collection(nameof(FormatterState))]
public sealed class KitFormattersTests
{
    static readonly double[] Accuracies = [0.5, 0.6, 0.7];

    public KitFormattersTests() => KitFormatters.Register();

    [Fact]
    public void FramesShowAsTablesNotObjectTrees()
    {
        var frame = ResultsTable.Build([SyntheticRuns.Run("maml", 1, 0, Accuracies)])
            .ToNumericFrame();

        string html = frame.ToDisplayString("text/html");

        Assert.StartsWith("<table class=\"metaharmony-table\">", html, StringComparison.Ordinal);
        Assert.Contains("<th>maml</th><td>60</td>", html, StringComparison.Ordinal);
        Assert.True(html.Length < 5_000, $"{html.Length} characters for a one-row frame");
    }

    [Fact]
    public void LongFramesAreCut()
    {
        var frame = Frame.FromColumns([KeyValuePair.Create("x",
            new Series<int, double>(Enumerable.Range(0, 500), Enumerable.Repeat(1.0, 500)))]);

        string html = frame.ToDisplayString("text/html");

        Assert.Contains("… 450 more rows (500 in all, 1 columns)", html,
            StringComparison.Ordinal);
    }

    [Fact]
    public void RunRecordsShowAsSummaries()
    {
        var run = SyntheticRuns.Run("full", 5, 2, Accuracies, iterations: 10);

        Assert.Equal("full 5-way 5-shot seed 2: 10 iterations, 60.00 ± 11.32 %, GCI 9 (last 10%), "
            + "1 s", run.ToDisplayString("text/plain"));
        var runs = new List<MetaHarmony.Experiments.RunRecord> { run };
        Assert.Contains("<th>full 5-way 5-shot seed 2</th>", runs.ToDisplayString("text/html"),
            StringComparison.Ordinal);
    }

    [Fact]
    public void ChartsDrawWithoutAnyNetworkScript()
    {
        var chart = Figures.AccuracyBars([SyntheticRuns.Run("maml", 1, 0, Accuracies)]);
        NotebookPlotly.Reset();

        string first = chart.ToDisplayString("text/html");
        string second = chart.ToDisplayString("text/html");

        // plotly.js itself mentions its CDN as a default setting; no script is loaded from it.
        Assert.Contains("plotly.js v", first, StringComparison.Ordinal);
        foreach (string html in new[] { first, second })
        {
            Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
            Assert.DoesNotMatch("<script[^>]*src\\s*=", html);
            Assert.DoesNotContain("require", html[..Math.Min(html.Length, 300)],
                StringComparison.Ordinal);
        }
    }
}
