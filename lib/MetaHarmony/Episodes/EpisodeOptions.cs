namespace MetaHarmony.Episodes;

/// <summary>
/// The shape of an episode (N-way, K-shot, Q queries per class) and how its images are
/// prepared. Defaults: 5-way 1-shot with 15 queries, pixels scaled to [0, 1], no augmentation.
/// </summary>
public sealed record EpisodeOptions
{
    /// <summary>N: classes per episode.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>K: labelled support images per class.</summary>
    public int Shots { get; init; } = 1;

    /// <summary>Q: query images per class.</summary>
    public int Queries { get; init; } = 15;

    /// <summary>How pixels are normalised (default <see cref="ImageNormalization.UnitRange"/>).
    /// </summary>
    public ImageNormalization Normalization { get; init; } = ImageNormalization.UnitRange;

    /// <summary>Per-channel means on the [0, 1] scale, for
    /// <see cref="ImageNormalization.Custom"/>.</summary>
    public IReadOnlyList<double>? Mean { get; init; }

    /// <summary>Per-channel standard deviations on the [0, 1] scale, for
    /// <see cref="ImageNormalization.Custom"/>.</summary>
    public IReadOnlyList<double>? Std { get; init; }

    /// <summary>Augmentation of training episodes (default none).</summary>
    public EpisodeAugmentation Augmentation { get; init; } = EpisodeAugmentation.None;

    /// <summary>Images per class in an episode: K + Q.</summary>
    public int ImagesPerClass => Shots + Queries;

    /// <summary>Checks every value; an <see cref="ArgumentException"/> names the bad one.
    /// </summary>
    public EpisodeOptions Validate()
    {
        if (Ways < 2)
        {
            throw new ArgumentException(
                $"Ways = {Ways}; an episode needs at least 2 classes.", nameof(Ways));
        }
        if (Shots < 1)
        {
            throw new ArgumentException(
                $"Shots = {Shots}; an episode needs at least 1 support image per class.",
                nameof(Shots));
        }
        if (Queries < 1)
        {
            throw new ArgumentException(
                $"Queries = {Queries}; an episode needs at least 1 query image per class.",
                nameof(Queries));
        }
        if (!Enum.IsDefined(Normalization))
        {
            throw new ArgumentException(
                $"Normalization = {Normalization} is not a defined value.", nameof(Normalization));
        }
        if (Normalization == ImageNormalization.Custom
            && (Mean is null || Std is null || Mean.Count != Std.Count || Mean.Count == 0
                || Std.Any(s => !(s > 0)) || Mean.Any(m => !double.IsFinite(m))))
        {
            throw new ArgumentException(
                $"Normalization = Custom needs Mean and Std of one value per channel, finite, "
                + $"with every Std > 0; got Mean = [{Join(Mean)}], Std = [{Join(Std)}].",
                nameof(Std));
        }
        if (Augmentation is null || Augmentation.MaxShift < 0)
        {
            throw new ArgumentException(
                $"Augmentation.MaxShift = {Augmentation?.MaxShift} is negative; use 0 (off) or "
                + "a number of pixels.", nameof(Augmentation));
        }
        return this;
    }

    static string Join(IReadOnlyList<double>? values) =>
        values is null ? "null" : string.Join(", ", values.Select(v =>
            v.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
