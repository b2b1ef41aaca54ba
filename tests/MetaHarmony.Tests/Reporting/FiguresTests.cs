using System.Text.Json;
using MetaHarmony.Metrics;
using MetaHarmony.Reporting;
using Plotly.NET;

namespace MetaHarmony.Tests.Reporting;

public sealed class FiguresTests
{
    static readonly double[] Maml = [0.4, 0.6, 0.5, 0.5];
    static readonly double[] Full = [0.6, 0.7, 0.5, 0.8];

    static JsonElement Json(GenericChart chart) =>
        JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement;

    static double[] Numbers(JsonElement array) =>
        array.EnumerateArray().Select(e => e.GetDouble()).ToArray();

    static void Close(double[] expected, JsonElement actual)
    {
        var values = Numbers(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int i = 0; i < values.Length; i++)
        {
            Assert.Equal(expected[i], values[i], 9);
        }
    }

    [Fact]
    public void AccuracyBarsCarryMeansAndIntervalsInPercent()
    {
        var table = ResultsTable.Build(
            [SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("full", 1, 0, Full)]);

        var bars = Json(Figures.AccuracyBars(table)).GetProperty("data")[0];

        Assert.Equal(["maml", "full"], bars.GetProperty("x").EnumerateArray()
            .Select(e => e.GetString()));
        Close([50.0, 65.0], bars.GetProperty("y"));
        var errors = Numbers(bars.GetProperty("error_y").GetProperty("array"));
        Assert.Equal(100 * ConfidenceInterval.Of(Full).HalfWidth, errors[1], 9);
    }

    [Fact]
    public void ConflictIndexCurvesAreSmoothedPerRun()
    {
        var runs = new[]
        {
            SyntheticRuns.Run("maml", 1, 0, Maml, iterations: 6),
            SyntheticRuns.Run("full", 1, 0, Full, iterations: 6),
        };

        var data = Json(Figures.ConflictIndex(runs, smoothing: 2)).GetProperty("data");

        Assert.Equal(2, data.GetArrayLength());
        Assert.Equal("full", data[1].GetProperty("name").GetString());
        Close([0, 0.5, 1.5, 2.5, 3.5, 4.5], data[0].GetProperty("y"));
    }

    [Fact]
    public void LayerConflictIndexHasOnePanelPerLayer()
    {
        var run = SyntheticRuns.Run("full", 1, 0, Full, iterations: 4);

        var figure = Json(Figures.LayerConflictIndex([run], smoothing: 1));

        var data = figure.GetProperty("data");
        Assert.Equal(SyntheticRuns.Layers.Length, data.GetArrayLength());
        Close([0, 3, 6, 9], data[2].GetProperty("y"));
        Assert.Equal("x3", data[2].GetProperty("xaxis").GetString());
    }

    [Fact]
    public void TrainingCurvesShowLossAndAccuracyInTwoPanels()
    {
        var run = SyntheticRuns.Run("full", 1, 0, Full, iterations: 4);

        var data = Json(Figures.TrainingCurves([run], smoothing: 1)).GetProperty("data");

        Close([2, 1.75, 1.5, 1.25], data[0].GetProperty("y"));
        Close([0, 25, 50, 75], data[1].GetProperty("y"));
    }

    [Fact]
    public void HarmonizedShareIsTheRunningShareOfExploitSteps()
    {
        // Exploit on odd iterations: 0, 1/2, 1/3, 2/4.
        var run = SyntheticRuns.Run("full", 1, 0, Full, iterations: 4);

        var data = Json(Figures.HarmonizedShare([run])).GetProperty("data");

        Close([0, 0.5, 1.0 / 3, 0.5], data[0].GetProperty("y"));
        Close([0, 0.25, 0.5, 0.75], data[1].GetProperty("y"));
        Assert.Equal("dash", data[1].GetProperty("line").GetProperty("dash").GetString());
    }

    [Fact]
    public void AttentionWeightsAreGroupedByLayerAndThinned()
    {
        // 1000 iterations x 4 tasks = 4000 weights per layer, thinned to 2000.
        var runs = new[]
        {
            SyntheticRuns.Run("maml", 1, 0, Maml, iterations: 1000, weights: false),
            SyntheticRuns.Run("full", 1, 0, Full, iterations: 1000),
        };

        var figure = Json(Figures.AttentionWeights(runs));

        var box = figure.GetProperty("data")[0];
        Assert.Equal(1, figure.GetProperty("data").GetArrayLength());
        Assert.Equal("full", box.GetProperty("name").GetString());
        var y = Numbers(box.GetProperty("y"));
        Assert.Equal(3 * Figures.MaxWeightsPerBox, y.Length);
        Assert.Equal(0.25, y.Average(), 9);
        Assert.Equal("group", figure.GetProperty("layout").GetProperty("boxmode").GetString());
    }

    [Fact]
    public void TableFigureHoldsTheFormattedCellsColumnByColumn()
    {
        var table = ResultsTable.Build(
            [SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("full", 1, 0, Full)]);

        var trace = Json(Figures.Table(table)).GetProperty("data")[0];

        Assert.Equal("table", trace.GetProperty("type").GetString());
        var columns = trace.GetProperty("cells").GetProperty("values");
        Assert.Equal(["maml", "full"], columns[0].EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("65.00", columns[1][1].GetString()![..5]);
    }

    [Fact]
    public void MovingAverageMatchesAHandComputation()
    {
        Assert.Equal([1, 1.5, 2.5, 3.5], Smoothing.MovingAverage([1, 2, 3, 4], 2));
        Assert.Equal([1, 2, 3], Smoothing.MovingAverage([1, 2, 3], 1));
        Assert.Throws<ArgumentException>(() => Smoothing.MovingAverage([1], 0));
    }
}
