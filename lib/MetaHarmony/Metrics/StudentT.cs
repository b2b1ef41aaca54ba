using System.Globalization;

namespace MetaHarmony.Metrics;

/// <summary>
/// Quantiles of Student's t distribution for 95% intervals from few values, such as the mean
/// over a handful of training seeds, where the normal 1.96 would claim too much: with 3 seeds
/// the multiplier is 4.30.
/// </summary>
public static class StudentT
{
    /// <summary>
    /// t(0.975, <paramref name="degreesOfFreedom"/>): the multiplier of sd/√n in a two-sided
    /// 95% interval of a mean of n = ν + 1 values (Math.NET Numerics' inverse CDF).
    /// </summary>
    public static double Quantile975(int degreesOfFreedom)
    {
        if (degreesOfFreedom < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(degreesOfFreedom), degreesOfFreedom,
                $"{degreesOfFreedom.ToString(CultureInfo.InvariantCulture)} degrees of freedom: "
                + "use 1 or more (a t interval needs at least 2 values).");
        }
        return MathNet.Numerics.Distributions.StudentT.InvCDF(0, 1, degreesOfFreedom, 0.975);
    }
}
