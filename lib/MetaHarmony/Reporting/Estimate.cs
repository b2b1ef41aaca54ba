using System.Globalization;

namespace MetaHarmony.Reporting;

/// <summary>
/// A mean with the half-width of its 95% confidence interval, as few-shot papers report
/// accuracy: "48.70 ± 1.84".
/// </summary>
/// <param name="Mean">The estimate.</param>
/// <param name="HalfWidth">
/// Half-width of the 95% interval (1.96 standard errors); NaN when it cannot be formed.
/// </param>
/// <param name="Count">
/// How many values stand behind it: episodes for one run, seeds for a combination.
/// </param>
public sealed record Estimate(double Mean, double HalfWidth, int Count)
{
    /// <summary>The normal quantile of a two-sided 95% interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>
    /// Mean ± 1.96 sd / √n of independent values, with the sample standard deviation (n − 1);
    /// the half-width is NaN for a single value.
    /// </summary>
    public static Estimate FromSamples(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException("An estimate needs at least one value; got none.",
                nameof(values));
        }

        double mean = values.Average();
        if (values.Count == 1)
        {
            return new Estimate(mean, double.NaN, 1);
        }

        double variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new Estimate(mean, Z95 * Math.Sqrt(variance / values.Count), values.Count);
    }

    /// <summary>
    /// The mean of independent estimates (one per seed) and its interval: the standard errors
    /// add in quadrature, so the half-width is √(Σ hᵢ²) / S. It reflects the episode sampling
    /// of each run, not the spread between training seeds.
    /// </summary>
    public static Estimate Combine(IReadOnlyList<Estimate> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to combine: no estimates given.", nameof(parts));
        }
        if (parts.Count == 1)
        {
            return parts[0];
        }

        double mean = parts.Average(p => p.Mean);
        double halfWidth = Math.Sqrt(parts.Sum(p => p.HalfWidth * p.HalfWidth)) / parts.Count;
        return new Estimate(mean, halfWidth, parts.Count);
    }

    /// <summary>"48.70 ± 1.84": mean and half-width times <paramref name="scale"/>.</summary>
    public string Format(double scale = 100, int decimals = 2)
    {
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        string mean = (Mean * scale).ToString(format, CultureInfo.InvariantCulture);
        return double.IsNaN(HalfWidth)
            ? mean
            : $"{mean} ± {(HalfWidth * scale).ToString(format, CultureInfo.InvariantCulture)}";
    }

    /// <summary>The estimate in percent, as <see cref="Format"/> writes it.</summary>
    public override string ToString() => Format();
}
