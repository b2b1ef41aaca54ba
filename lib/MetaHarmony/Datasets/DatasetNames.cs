namespace MetaHarmony.Datasets;

/// <summary>The datasets the kit reads, by the name <see cref="DatasetOptions.Name"/> takes.
/// </summary>
public static class DatasetNames
{
    /// <summary>The embedded default: kanji rendered like handwriting. Needs no files.</summary>
    public const string Kanji = "kanji";

    /// <summary>Omniglot: images_background/ and images_evaluation/.</summary>
    public const string Omniglot = "omniglot";

    /// <summary>miniImageNet: train/val/test CSVs with images/, or processed folders.</summary>
    public const string MiniImageNet = "miniimagenet";

    /// <summary>tieredImageNet: processed train/val/test class folders.</summary>
    public const string TieredImageNet = "tieredimagenet";

    /// <summary>CUB-200-2011: CUB_200_2011/images/NNN.Species/, split as Chen et al. 2019.
    /// </summary>
    public const string Cub = "cub";

    /// <summary>Any image folder: root/{train,val,test}/&lt;class&gt;/&lt;image&gt;.</summary>
    public const string Folder = "folder";

    /// <summary>Every name, in the order the documentation lists them.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Kanji, Omniglot, MiniImageNet, TieredImageNet, Cub, Folder];
}
