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
    public void CombinesSeedsByAddingStandardErrorsInQuadrature()
    {
        var combined = ConfidenceIntervals.Combine([new(0.5, 0.1, 100), new(0.7, 0.2, 100)]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.Equal(Math.Sqrt(0.01 + 0.04) / 2, combined.HalfWidth, 12);
        Assert.Equal(200, combined.Count);
    }

    [Fact]
    public void ACombinationWithAnUnknownSpreadStaysUnknown()
    {
        var combined = ConfidenceIntervals.Combine(
            [new(0.5, 0.1, 100), ConfidenceInterval.Of([0.7])]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.True(double.IsPositiveInfinity(combined.HalfWidth));
        Assert.True(double.IsNaN(combined.KnownHalfWidth()));
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
