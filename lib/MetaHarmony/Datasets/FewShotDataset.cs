namespace MetaHarmony.Datasets;

/// <summary>A few-shot benchmark: three splits with disjoint classes, packed.</summary>
/// <param name="Name">"kanji", "omniglot", "miniimagenet", ...</param>
/// <param name="Train">Classes for meta-training.</param>
/// <param name="Validation">Classes for model selection.</param>
/// <param name="Test">Classes for meta-testing.</param>
public sealed record FewShotDataset(string Name, ImageSplit Train, ImageSplit Validation,
    ImageSplit Test) : IDisposable
{
    /// <summary>Image channels (1 grey, 3 RGB).</summary>
    public int Channels => (int)Train.Images.shape[1];

    /// <summary>Image side in pixels.</summary>
    public int ImageSize => (int)Train.Images.shape[2];

    /// <summary>
    /// Images that could not be read or decoded and were left out (their paths relative to the
    /// dataset's root, in file order), when <see cref="DatasetOptions.SkipCorruptImages"/>
    /// allowed it; <see cref="SkippedImagesNotice"/> sums them up in one line.
    /// </summary>
    public IReadOnlyList<string> SkippedImages { get; init; } = [];

    /// <summary>
    /// "skipped 3 unreadable images (first: /data/cub/.../x.jpg)" when images were left out,
    /// else null: the line front ends show (the experiment runner's notices), so that a skip
    /// is never silent.
    /// </summary>
    public string? SkippedImagesNotice
    {
        get
        {
            if (SkippedImages.Count == 0)
            {
                return null;
            }
            string first = Root is null ? SkippedImages[0]
                : Path.GetFullPath(Path.Combine(Root, SkippedImages[0]));
            string plural = SkippedImages.Count == 1 ? "" : "s";
            return $"skipped {SkippedImages.Count} unreadable image{plural} (first: {first})";
        }
    }

    /// <summary>The dataset's folder, absolute, or null (kanji are rendered).</summary>
    public string? Root { get; init; }

    /// <summary>The packed cache the images came from, or null (kanji are rendered).</summary>
    public string? CachePath { get; init; }

    /// <summary>
    /// Per-channel statistics of the training split, the reference for normalising every
    /// split; computed on first use.
    /// </summary>
    public ChannelStatistics TrainStatistics => trainStatistics ??= Train.ComputeStatistics();

    ChannelStatistics? trainStatistics;

    /// <summary>The split called "train", "val" or "test".</summary>
    public ImageSplit Split(string name) => name switch
    {
        "train" => Train,
        "val" => Validation,
        "test" => Test,
        _ => throw new ArgumentException(
            $"Split '{name}' does not exist; use \"train\", \"val\" or \"test\".", nameof(name)),
    };

    /// <summary>Disposes the three splits.</summary>
    public void Dispose()
    {
        Train.Dispose();
        Validation.Dispose();
        Test.Dispose();
    }
}
