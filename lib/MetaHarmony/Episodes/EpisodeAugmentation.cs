namespace MetaHarmony.Episodes;

/// <summary>
/// Random changes to training images, drawn per image from the episode's own seed and applied
/// on the device. Off by default; evaluation episodes are never augmented.
/// </summary>
public sealed record EpisodeAugmentation
{
    /// <summary>No augmentation (the default).</summary>
    public static EpisodeAugmentation None { get; } = new();

    /// <summary>Mirror each image left-right with probability one half.</summary>
    public bool HorizontalFlip { get; init; }

    /// <summary>
    /// Shift each image by up to this many pixels in each direction (uniform, independently
    /// in x and y), filling the uncovered border with the edge pixels. 0 turns shifts off.
    /// </summary>
    public int MaxShift { get; init; }

    /// <summary>True when any augmentation is on.</summary>
    public bool IsEnabled => HorizontalFlip || MaxShift > 0;
}
