using System.Globalization;

namespace MetaHarmony.Metrics;

/// <summary>
/// A mean with its normal-approximation confidence interval, mean ± z·sd/√n with the sample
/// standard deviation (n − 1 in the denominator) and z = 1.96 for 95%: how the field reports
/// few-shot accuracy over test episodes. With a single value the spread is unknown, and the
/// half-width is +∞ (the interval says nothing) rather than an error, so that a one-episode
/// smoke run still produces a table.
/// </summary>
/// <param name="Mean">The sample mean.</param>
/// <param name="HalfWidth">z·sd/√n, or +∞ when <paramref name="Count"/> is 1.</param>
/// <param name="Count">n, the number of values.</param>
public sealed record ConfidenceInterval(double Mean, double HalfWidth, int Count)
{
    /// <summary>z of a two-sided 95% normal interval.</summary>
    public const double Z95 = 1.96;

    /// <summary>Mean − half-width.</summary>
    public double Lower => Mean - HalfWidth;

    /// <summary>Mean + half-width.</summary>
    public double Upper => Mean + HalfWidth;

    /// <summary>The interval of <paramref name="values"/> (at least one, all finite).</summary>
    public static ConfidenceInterval Of(IReadOnlyList<double> values, double z = Z95)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (values.Count == 0)
        {
            throw new ArgumentException(
                "No values: a confidence interval needs at least one (evaluate some episodes).",
                nameof(values));
        }
        if (!double.IsFinite(z) || z <= 0)
        {
            throw new ArgumentException(
                $"z = {z.ToString(CultureInfo.InvariantCulture)} must be a finite number > 0 "
                + "(1.96 for 95%).", nameof(z));
        }
        for (int i = 0; i < values.Count; i++)
        {
            if (!double.IsFinite(values[i]))
            {
                throw new ArgumentException(
                    $"Value {i} is {values[i].ToString(CultureInfo.InvariantCulture)}; "
                    + "every value must be a finite number.", nameof(values));
            }
        }

        double mean = values.Average();
        if (values.Count == 1)
        {
            return new ConfidenceInterval(mean, double.PositiveInfinity, 1);
        }

        double squares = values.Sum(v => (v - mean) * (v - mean));
        double sd = Math.Sqrt(squares / (values.Count - 1));
        return new ConfidenceInterval(mean, z * sd / Math.Sqrt(values.Count), values.Count);
    }

    /// <summary>
    /// The interval of the per-episode differences a_k − b_k of two configurations evaluated
    /// on the same episodes: pairing removes the episodes' shared difficulty from the spread.
    /// </summary>
    public static ConfidenceInterval Paired(IReadOnlyList<double> a, IReadOnlyList<double> b,
        double z = Z95)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        if (a.Count != b.Count)
        {
            throw new ArgumentException(
                $"{a.Count} values against {b.Count}: a paired difference needs both "
                + "configurations evaluated on the same episodes.", nameof(b));
        }

        return Of(a.Zip(b, (x, y) => x - y).ToList(), z);
    }

    /// <summary>"mean ± half-width", e.g. "48.70 ± 1.84" for format "F2".</summary>
    public string ToString(string format) =>
        $"{Mean.ToString(format, CultureInfo.InvariantCulture)} ± "
        + HalfWidth.ToString(format, CultureInfo.InvariantCulture);

    /// <inheritdoc/>
    public override string ToString() => ToString("G4");
}
