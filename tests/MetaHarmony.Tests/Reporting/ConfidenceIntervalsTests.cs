using MetaHarmony.Experiments;
using MetaHarmony.Metrics;
using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

public sealed class ConfidenceIntervalsTests
{
    [Fact]
    public void ReadsARunsEvaluationAsItsInterval()
    {
        var evaluation = new EvaluationRecord("test", 10, 7, [0.5, 0.7, 0.6], 0.6, 0.11);

        var interval = ConfidenceIntervals.Of(evaluation);

        Assert.Equal(new ConfidenceInterval(0.6, 0.11, 3), interval);
    }

    [Fact]
    public void TwoSeedsGiveTheTIntervalOfTheirMeans()
    {
        // Seed means 0.5 and 0.7: sd = √((0.1² + 0.1²) / 1) = 0.1·√2, so the half-width is
        // t(0.975, 1)·0.1·√2/√2 = 12.7062047362 × 0.1.
        var combined = ConfidenceIntervals.Combine([new(0.5, 0.01, 600), new(0.7, 0.02, 600)]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.Equal(1.27062047362, combined.HalfWidth, 10);
        Assert.Equal(2, combined.Count);
    }

    [Fact]
    public void ThreeSeedsUseTTwoDegreesOfFreedom()
    {
        // Seed means 0.5, 0.6, 0.7: sd = √((0.01 + 0 + 0.01) / 2) = 0.1, and
        // t(0.975, 2) = 4.3026527297, so the half-width is 0.43026527297 / √3 = 0.248413771.
        var combined = ConfidenceIntervals.Combine(
            [new(0.5, 0.03, 600), new(0.6, 0.03, 600), new(0.7, 0.03, 600)]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.Equal(0.248413771, combined.HalfWidth, 9);
        Assert.Equal(3, combined.Count);
    }

    [Fact]
    public void FiveSeedsUseTFourDegreesOfFreedom()
    {
        // Seed means 0.40 … 0.60 by 0.05: squares 0.025 in all, sd = √(0.025 / 4) = 0.0790569;
        // t(0.975, 4) = 2.7764451052, so the half-width is 2.7764451052 × 0.0790569 / √5
        // = 0.098162158.
        double[] means = [0.40, 0.45, 0.50, 0.55, 0.60];

        var combined = ConfidenceIntervals.Combine(
            [.. means.Select(m => new ConfidenceInterval(m, 0.5, 600))]);

        Assert.Equal(0.5, combined.Mean, 12);
        Assert.Equal(0.098162158, combined.HalfWidth, 9);
        Assert.Equal(5, combined.Count);
    }

    [Fact]
    public void SeedsThatAgreeGiveANarrowIntervalWhateverTheirEpisodeIntervals()
    {
        // The spread across seeds is what the interval measures, not each run's episodes.
        var combined = ConfidenceIntervals.Combine(
            [new(0.6, 0.2, 600), ConfidenceInterval.Of([0.6])]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.Equal(0, combined.HalfWidth, 12);
    }

    [Fact]
    public void OneSeedKeepsItsIntervalOverTheTestEpisodes()
    {
        var run = new ConfidenceInterval(0.487, 0.0184, 600);

        Assert.Same(run, ConfidenceIntervals.Combine([run]));
        var single = ConfidenceIntervals.Combine([ConfidenceInterval.Of([0.7])]);
        Assert.True(double.IsPositiveInfinity(single.HalfWidth));
        Assert.True(double.IsNaN(single.KnownHalfWidth()));
    }

    [Fact]
    public void FormatsAsPercentWithTheHalfWidth()
    {
        Assert.Equal("48.70 ± 1.84", new ConfidenceInterval(0.487, 0.0184, 600).Percent());
        Assert.Equal("-2.50 ± 0.10", new ConfidenceInterval(-0.025, 0.001, 600).Percent());
        Assert.Equal("48.7 ± 1.8", new ConfidenceInterval(0.487, 0.0184, 600).Percent(1));
        Assert.Equal("50.00", ConfidenceInterval.Of([0.5]).Percent());
    }

    [Fact]
    public void RejectsNothingToCombine()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfidenceIntervals.Combine([]));
        Assert.Contains("no intervals", error.Message, StringComparison.Ordinal);
    }
}
