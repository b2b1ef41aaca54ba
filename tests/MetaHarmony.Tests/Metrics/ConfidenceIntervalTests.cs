using MetaHarmony.Metrics;

namespace MetaHarmony.Tests.Metrics;

public sealed class ConfidenceIntervalTests
{
    [Fact]
    public void IsTheMeanPlusMinusZTimesTheStandardError()
    {
        var interval = ConfidenceInterval.Of([1, 2, 3, 4, 5]);

        // Sample variance (4 + 1 + 0 + 1 + 4) / 4 = 2.5.
        double halfWidth = 1.96 * Math.Sqrt(2.5) / Math.Sqrt(5);
        Assert.Equal(3, interval.Mean, 12);
        Assert.Equal(halfWidth, interval.HalfWidth, 12);
        Assert.Equal(3 - halfWidth, interval.Lower, 12);
        Assert.Equal(3 + halfWidth, interval.Upper, 12);
        Assert.Equal(5, interval.Count);
        Assert.Equal("3.00 ± 1.39", interval.ToString("F2"));
    }

    [Fact]
    public void TakesAnotherZ()
    {
        var interval = ConfidenceInterval.Of([2, 4], z: 1);

        // sd = √2, n = 2: half-width √2 / √2.
        Assert.Equal(1, interval.HalfWidth, 12);
    }

    [Fact]
    public void OneValueHasAnUnboundedInterval()
    {
        var interval = ConfidenceInterval.Of([0.45]);

        Assert.Equal(0.45, interval.Mean);
        Assert.Equal(double.PositiveInfinity, interval.HalfWidth);
        Assert.Equal(double.NegativeInfinity, interval.Lower);
    }

    [Fact]
    public void RejectsNoValuesAndNonFiniteValues()
    {
        Assert.Throws<ArgumentException>(() => ConfidenceInterval.Of([]));
        var error = Assert.Throws<ArgumentException>(
            () => ConfidenceInterval.Of([0.5, double.NaN, 0.25]));
        Assert.Contains("Value 1 is NaN", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => ConfidenceInterval.Of([1, 2], z: 0));
    }

    [Fact]
    public void PairedDifferencesRemoveTheEpisodesSharedDifficulty()
    {
        // Episode difficulty varies a lot; b is a steady 0.02 better on each episode.
        var random = new Random(3);
        var a = Enumerable.Range(0, 600).Select(_ => 0.3 + 0.4 * random.NextDouble()).ToList();
        var b = a.Select((x, k) => x + 0.02 + 0.001 * (k % 3 - 1)).ToList();

        var paired = ConfidenceInterval.Paired(b, a);
        var unpaired = ConfidenceInterval.Of(b);

        Assert.Equal(b.Average() - a.Average(), paired.Mean, 12);
        Assert.True(paired.Lower > 0, $"paired {paired}");
        Assert.True(paired.HalfWidth < unpaired.HalfWidth / 50);
        var differences = b.Zip(a, (x, y) => x - y).ToList();
        Assert.Equal(ConfidenceInterval.Of(differences), paired);
    }

    [Fact]
    public void PairingNeedsTheSameEpisodes()
    {
        var error = Assert.Throws<ArgumentException>(
            () => ConfidenceInterval.Paired([1, 2, 3], [1, 2]));
        Assert.Contains("3 values against 2", error.Message, StringComparison.Ordinal);
    }
}
