namespace MetaHarmony.Reporting;

/// <summary>Trailing moving averages for noisy per-iteration curves.</summary>
public static class Smoothing
{
    /// <summary>
    /// The window used when none is given: about a fiftieth of the curve, at least 1, so that
    /// curves of any length look alike.
    /// </summary>
    public static int AutomaticWindow(int length) => Math.Max(1, length / 50);

    /// <summary>
    /// Mean of each value and the <paramref name="window"/> − 1 before it (fewer at the
    /// start); a window of 1 returns the values unchanged.
    /// </summary>
    public static double[] MovingAverage(IReadOnlyList<double> values, int window)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (window < 1)
        {
            throw new ArgumentException($"Smoothing window {window} must be at least 1.",
                nameof(window));
        }

        // Summed afresh for every point: a running sum would drift, and curves are short.
        var smoothed = new double[values.Count];
        for (int i = 0; i < values.Count; i++)
        {
            int first = Math.Max(0, i - window + 1);
            double sum = 0;
            for (int j = first; j <= i; j++)
            {
                sum += values[j];
            }
            smoothed[i] = sum / (i - first + 1);
        }
        return smoothed;
    }
}
