using System.Globalization;
using MetaHarmony.Experiments;
using MetaHarmony.Metrics;

namespace MetaHarmony.Reporting;

/// <summary>
/// What the tables add to <see cref="ConfidenceInterval"/>: reading a run's evaluation as one,
/// the interval across several training seeds, and writing them as few-shot papers do, in
/// percent: "48.70 ± 1.84".
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
    /// The 95% interval across training seeds, from one interval per seed (its accuracy, or
    /// its paired difference, over the test episodes). With S ≥ 2 seeds: the mean of the S
    /// seed means ± t(0.975, S − 1) · sd / √S, sd the sample standard deviation of the seed
    /// means: the interval reflects how much the result depends on the training seed, and the
    /// seeds' episode intervals do not enter it. The count is S. With one seed there is no
    /// spread across seeds to measure, and the seed's own interval over its test episodes is
    /// returned as it is.
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

        var means = parts.Select(p => p.Mean).ToList();
        return ConfidenceInterval.Of(means, StudentT.Quantile975(parts.Count - 1));
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
