using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

public sealed class EstimateTests
{
    [Fact]
    public void FromSamplesUsesTheSampleStandardDeviation()
    {
        // mean 0.6, sample sd 0.1, so the half-width is 1.96 * 0.1 / sqrt(3).
        var estimate = Estimate.FromSamples([0.5, 0.7, 0.6]);

        Assert.Equal(0.6, estimate.Mean, 12);
        Assert.Equal(1.96 * 0.1 / Math.Sqrt(3), estimate.HalfWidth, 12);
        Assert.Equal(3, estimate.Count);
    }

    [Fact]
    public void CombinesSeedsByAddingStandardErrorsInQuadrature()
    {
        var combined = Estimate.Combine([new(0.5, 0.1, 100), new(0.7, 0.2, 100)]);

        Assert.Equal(0.6, combined.Mean, 12);
        Assert.Equal(Math.Sqrt(0.01 + 0.04) / 2, combined.HalfWidth, 12);
        Assert.Equal(2, combined.Count);
    }

    [Fact]
    public void FormatsAsPercentWithTheHalfWidth()
    {
        Assert.Equal("48.70 ± 1.84", new Estimate(0.487, 0.0184, 600).Format());
        Assert.Equal("-2.50 ± 0.10", new Estimate(-0.025, 0.001, 600).ToString());
        Assert.Equal("50.00", Estimate.FromSamples([0.5]).Format());
    }

    [Fact]
    public void RejectsAnEmptySample()
    {
        var error = Assert.Throws<ArgumentException>(() => Estimate.FromSamples([]));
        Assert.Contains("none", error.Message, StringComparison.Ordinal);
    }
}
