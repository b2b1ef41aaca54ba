using System.Globalization;
using MetaHarmony.Experiments;
using MetaHarmony.Metrics;

namespace MetaHarmony.Reporting;

/// <summary>
/// What the tables add to <see cref="ConfidenceInterval"/>: reading a run's evaluation as one,
/// combining the intervals of several training seeds, and writing them as few-shot papers do,
/// in percent: "48.70 ± 1.84".
/// </summary>
public static class ConfidenceIntervals
{
    /// <summary>The meta-test accuracy of <paramref name="evaluation"/> and its interval.</summary>
    public static ConfidenceInterval Of(EvaluationRecord evaluation)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        return new ConfidenceInterval(evaluation.Mean, evaluation.HalfWidth,
            evaluation.Accuracies.Count);
    }

    /// <summary>
    /// The mean of independent intervals (one per training seed) and its interval: the
    /// standard errors add in quadrature, so the half-width is √(Σ hᵢ²) / S. It reflects the
    /// episode sampling of each run, not the spread between training seeds. The count is the
    /// number of values behind all parts together.
    /// </summary>
    public static ConfidenceInterval Combine(IReadOnlyList<ConfidenceInterval> parts)
    {
        ArgumentNullException.ThrowIfNull(parts);
        if (parts.Count == 0)
        {
            throw new ArgumentException("Nothing to combine: no intervals given.", nameof(parts));
        }
        if (parts.Count == 1)
        {
            return parts[0];
        }

        double mean = parts.Average(p => p.Mean);
        double halfWidth = Math.Sqrt(parts.Sum(p => p.HalfWidth * p.HalfWidth)) / parts.Count;
        return new ConfidenceInterval(mean, halfWidth, parts.Sum(p => p.Count));
    }

    /// <summary>
    /// "48.70 ± 1.84": mean and half-width times 100 with <paramref name="decimals"/> decimals;
    /// the mean alone when the half-width is unknown (a single episode or seed).
    /// </summary>
    public static string Percent(this ConfidenceInterval interval, int decimals = 2)
    {
        ArgumentNullException.ThrowIfNull(interval);
        string format = "F" + decimals.ToString(CultureInfo.InvariantCulture);
        string mean = (interval.Mean * 100).ToString(format, CultureInfo.InvariantCulture);
        string halfWidth = (interval.HalfWidth * 100).ToString(format,
            CultureInfo.InvariantCulture);
        return double.IsFinite(interval.HalfWidth) ? $"{mean} ± {halfWidth}" : mean;
    }

    /// <summary>The half-width, or NaN when it is unknown (infinite), for plots and files.
    /// </summary>
    public static double KnownHalfWidth(this ConfidenceInterval interval)
    {
        ArgumentNullException.ThrowIfNull(interval);
        return double.IsFinite(interval.HalfWidth) ? interval.HalfWidth : double.NaN;
    }
}
