using MetaHarmony.Metrics;

namespace MetaHarmony.Tests.Metrics;

public sealed class StudentTTests
{
    /// <summary>
    /// The closed forms of t(p, ν) for ν = 1, 2 and 4: tan(π(p − ½));
    /// (2p − 1)·√(2 / α) with α = 4p(1 − p); and 2·√(q − 1) with
    /// q = cos(⅓·arccos(√α)) / √α.
    /// </summary>
    [Fact]
    public void MatchesTheClosedFormsForOneTwoAndFourDegreesOfFreedom()
    {
        const double p = 0.975;
        double alpha = 4 * p * (1 - p);
        double q = Math.Cos(Math.Acos(Math.Sqrt(alpha)) / 3) / Math.Sqrt(alpha);

        Assert.Equal(Math.Tan(Math.PI * (p - 0.5)), StudentT.Quantile975(1), 9);
        Assert.Equal((2 * p - 1) * Math.Sqrt(2 / alpha), StudentT.Quantile975(2), 9);
        Assert.Equal(2 * Math.Sqrt(q - 1), StudentT.Quantile975(4), 9);
    }

    [Theory]
    [InlineData(1, 12.706)]
    [InlineData(2, 4.303)]
    [InlineData(3, 3.182)]
    [InlineData(4, 2.776)]
    [InlineData(9, 2.262)]
    [InlineData(10, 2.228)]
    [InlineData(29, 2.045)]
    [InlineData(30, 2.042)]
    [InlineData(31, 2.040)]
    [InlineData(40, 2.021)]
    [InlineData(60, 2.000)]
    [InlineData(120, 1.980)]
    [InlineData(100_000, 1.960)]
    public void AgreesWithThePrintedTable(int degreesOfFreedom, double printed) =>
        Assert.Equal(printed, StudentT.Quantile975(degreesOfFreedom), 3);

    [Fact]
    public void FallsSteadilyTowardsTheNormalQuantile()
    {
        var values = Enumerable.Range(1, 200).Select(StudentT.Quantile975).ToList();

        Assert.All(values.Zip(values.Skip(1)), pair => Assert.True(pair.First > pair.Second));
        Assert.All(values, t => Assert.True(t > 1.959963984540054));
    }

    [Fact]
    public void RejectsFewerThanOneDegreeOfFreedom()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => StudentT.Quantile975(0));
        Assert.Contains("0 degrees of freedom", error.Message, StringComparison.Ordinal);
    }
}
