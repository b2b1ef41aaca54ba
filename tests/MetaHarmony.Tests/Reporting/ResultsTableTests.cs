using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

public sealed class ResultsTableTests
{
    static readonly double[] Maml = [0.4, 0.6, 0.5, 0.5];
    static readonly double[] Full = [0.6, 0.7, 0.5, 0.8];

    [Fact]
    public void HasOneRowPerConfigurationBaselineFirst()
    {
        var table = ResultsTable.Build(
        [
            SyntheticRuns.Run("full", 1, 0, Full),
            SyntheticRuns.Run("maml", 1, 0, Maml),
            SyntheticRuns.Run("full", 5, 0, Full),
            SyntheticRuns.Run("maml", 5, 0, Maml),
        ]);

        var frame = table.ToFrame();
        Assert.Equal(["maml", "full"], frame.RowKeys);
        Assert.Equal(
        [
            "1-shot acc. (%)", "5-shot acc. (%)", "1-shot GCI", "1-shot nGCI", "5-shot GCI",
            "5-shot nGCI", "1-shot Δ vs maml (pp)", "5-shot Δ vs maml (pp)",
        ], frame.ColumnKeys);
    }

    [Fact]
    public void ReportsAccuracyWithItsIntervalInPercent()
    {
        var table = ResultsTable.Build([SyntheticRuns.Run("maml", 1, 0, Maml)]);

        // mean 0.5, sample sd sqrt(0.02 / 3), four episodes.
        double halfWidth = 1.96 * Math.Sqrt(0.02 / 3) / 2;
        string expected = $"50.00 ± {100 * halfWidth:F2}";
        Assert.Equal(expected, table.ToFrame().GetColumn<string>("1-shot acc. (%)")["maml"]);
    }

    [Fact]
    public void AveragesTheConflictIndexOverTheLastTenthOfTraining()
    {
        // 20 iterations with GCI = i: the last two are 18 and 19.
        var table = ResultsTable.Build([SyntheticRuns.Run("maml", 1, 0, Maml, iterations: 20)]);

        var cell = table.Rows[0].Cells[new TaskShape(5, 1)];
        Assert.Equal(18.5, cell.ConflictIndex, 12);
        Assert.Equal(1.85, cell.NormalizedConflictIndex, 12);
        Assert.Equal("18.50", table.ToFrame().GetColumn<string>("1-shot GCI")["maml"]);
    }

    [Theory]
    [InlineData(2.08, "2.080")]
    [InlineData(0.63776, "0.6378")]
    [InlineData(0.637, "0.6370")]
    [InlineData(1234.56, "1235")]
    [InlineData(0.00012346, "0.0001235")]
    [InlineData(9.99996, "10.00")]
    [InlineData(-0.5, "-0.5000")]
    [InlineData(double.NaN, "n/a")]
    public void ConflictIndicesKeepFourSignificantDigitsWithTrailingZeros(double value,
        string shown) => Assert.Equal(shown, ResultsTable.Significant(value, 4));

    [Fact]
    public void PairsEpisodesWithTheBaselineOfTheSameSeed()
    {
        var table = ResultsTable.Build(
            [SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("full", 1, 0, Full)]);

        // Differences 0.2, 0.1, 0.0, 0.3: mean 0.15, sample sd sqrt(0.05 / 3).
        var difference = table.Rows[1].Cells[new TaskShape(5, 1)].DifferenceToBaseline!;
        Assert.Equal(0.15, difference.Mean, 12);
        Assert.Equal(1.96 * Math.Sqrt(0.05 / 3) / 2, difference.HalfWidth, 12);
        var column = table.ToFrame().GetColumn<string>("1-shot Δ vs maml (pp)");
        Assert.Equal("baseline", column["maml"]);
        Assert.Equal(difference.Percent(), column["full"]);
        Assert.Empty(table.Notes);
    }

    [Fact]
    public void CombinesSeedsAndPairsEachSeedWithItsOwnBaseline()
    {
        double[] mamlSeed1 = [0.5, 0.5, 0.5, 0.5];
        double[] fullSeed1 = [0.5, 0.6, 0.7, 0.6];
        var table = ResultsTable.Build(
        [
            SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("full", 1, 0, Full),
            SyntheticRuns.Run("maml", 1, 1, mamlSeed1), SyntheticRuns.Run("full", 1, 1, fullSeed1),
        ]);

        // Full's seed means 0.65 and 0.6, its paired differences 0.15 and 0.1: with two seeds
        // each interval is t(0.975, 1) × sd / √2 = 12.7062047362 × 0.025.
        var cell = table.Rows[1].Cells[new TaskShape(5, 1)];
        Assert.Equal(2, cell.Seeds);
        Assert.Equal(0.625, cell.Accuracy!.Mean, 12);
        Assert.Equal(0.317655118405, cell.Accuracy.HalfWidth, 10);
        Assert.Equal(0.125, cell.DifferenceToBaseline!.Mean, 12);
        Assert.Equal(0.317655118405, cell.DifferenceToBaseline.HalfWidth, 10);
    }

    [Fact]
    public void SaysWhyADifferenceIsMissing()
    {
        var table = ResultsTable.Build(
        [
            SyntheticRuns.Run("maml", 1, 0, Maml),
            SyntheticRuns.Run("full", 1, 0, Full, episodeSeed: 8),
            SyntheticRuns.Run("full", 5, 0, Full),
        ]);

        var column = table.ToFrame().GetColumn<string>("1-shot Δ vs maml (pp)");
        Assert.Equal("n/a", column["full"]);
        Assert.Contains(table.Notes,
            n => n.Contains("different episodes", StringComparison.Ordinal));
        Assert.Contains(table.Notes, n => n.Contains("full 5-way 5-shot seed 0: no maml run",
            StringComparison.Ordinal));
        Assert.Contains("- full 5-way 5-shot seed 0", table.ToMarkdown(), StringComparison.Ordinal);
    }

    [Fact]
    public void NumericFrameKeepsUnformattedNumbers()
    {
        var table = ResultsTable.Build(
            [SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("full", 1, 0, Full)]);

        var frame = table.ToNumericFrame();
        Assert.Equal(65.0, frame.GetColumn<double>("1-shot acc. (%)")["full"], 9);
        Assert.Equal(15.0, frame.GetColumn<double>("1-shot diff (pp)")["full"], 9);
        Assert.False(frame.GetColumn<double>("1-shot diff (pp)").TryGet("maml").HasValue);
        Assert.Equal(1.0, frame.GetColumn<double>("1-shot seeds")["full"]);
    }

    [Fact]
    public void RejectsRunsOfSeveralDatasets()
    {
        var error = Assert.Throws<ArgumentException>(() => ResultsTable.Build(
        [
            SyntheticRuns.Run("maml", 1, 0, Maml),
            SyntheticRuns.Run("full", 1, 0, Full, dataset: "omniglot"),
        ]));
        Assert.Contains("kanji, omniglot", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsTwoRunsOfTheSameConfigurationAndSeed()
    {
        var error = Assert.Throws<ArgumentException>(() => ResultsTable.Build(
            [SyntheticRuns.Run("maml", 1, 0, Maml), SyntheticRuns.Run("maml", 1, 0, Full)]));
        Assert.Contains("'maml 5-way 1-shot seed 0'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAnEmptySetOfRuns()
    {
        Assert.Throws<ArgumentException>(() => ResultsTable.Build([]));
    }
}
