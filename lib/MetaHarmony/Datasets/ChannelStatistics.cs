namespace MetaHarmony.Datasets;

/// <summary>
/// Per-channel mean and standard deviation of a split's pixels, on the [0, 1] scale (pixel
/// value / 255): what an episode's images are normalised with when normalisation uses the
/// dataset's own statistics.
/// </summary>
/// <param name="Mean">One mean per channel.</param>
/// <param name="Std">One standard deviation per channel.</param>
public sealed record ChannelStatistics(IReadOnlyList<double> Mean, IReadOnlyList<double> Std)
{
    /// <summary>"mean [0.121] std [0.301]".</summary>
    public override string ToString() =>
        $"mean [{string.Join(", ", Mean.Select(m => m.ToString("F3",
            System.Globalization.CultureInfo.InvariantCulture)))}] std ["
        + string.Join(", ", Std.Select(s => s.ToString("F3",
            System.Globalization.CultureInfo.InvariantCulture))) + "]";
}
