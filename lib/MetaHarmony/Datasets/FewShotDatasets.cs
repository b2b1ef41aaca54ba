using MetaHarmony.Runtime;

namespace MetaHarmony.Datasets;

/// <summary>
/// The one entry point to the datasets: <see cref="Load"/> reads any of them, described by a
/// <see cref="DatasetOptions"/>, into a <see cref="FewShotDataset"/> on the compute device.
/// </summary>
public static class FewShotDatasets
{
    /// <summary>
    /// Loads the dataset <paramref name="options"/> describes onto
    /// <see cref="TorchRuntime.Device"/>. The kanji set is rendered (seconds); a real dataset
    /// is read from its packed cache when one matches its files, and otherwise decoded,
    /// resized and packed first (once; minutes for the large ones).
    /// </summary>
    /// <param name="options">Which dataset, where, at which size.</param>
    /// <param name="progress">Receives progress of rendering, decoding and loading.</param>
    /// <exception cref="ArgumentException">An option is out of range.</exception>
    /// <exception cref="DirectoryNotFoundException">The root or a folder the layout needs is
    /// missing; the message names it and the layout expected.</exception>
    /// <exception cref="FileNotFoundException">A split file, or an image it names, is missing.
    /// </exception>
    /// <exception cref="InvalidDataException">A split file is malformed or names a file
    /// outside the dataset, or an image cannot be read or decoded.</exception>
    public static FewShotDataset Load(DatasetOptions options,
        IProgress<DatasetProgress>? progress = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        TorchRuntime.EnsureInitialized();

        string name = options.NormalizedName;
        if (name == DatasetNames.Kanji)
        {
            return KanjiDataset.Load(options, progress);
        }

        string root = Path.GetFullPath(options.Root!);
        if (!Directory.Exists(root))
        {
            throw new DirectoryNotFoundException(
                $"Dataset root '{root}' does not exist; point DatasetOptions.Root at the folder "
                + $"holding {name}, {LayoutOf(name).Expected} "
                + $"{LayoutErrors.SeeReadme(LayoutOf(name).Section)}.");
        }

        options = options with { Root = root };
        var layout = name switch
        {
            DatasetNames.Omniglot => OmniglotLayout.Read(options),
            DatasetNames.MiniImageNet => MiniImageNetLayout.Read(root),
            DatasetNames.TieredImageNet => TieredImageNetLayout.Read(root),
            DatasetNames.Cub => CubLayout.Read(root),
            _ => FolderLayout.Read(DatasetNames.Folder, root, LayoutOf(name).Section),
        };
        return PackedDataset.Load(layout, options, progress);
    }

    /// <summary>How error messages describe the layout of <paramref name="name"/>, and the
    /// README section on it.</summary>
    static (string Expected, string Section) LayoutOf(string name) => name switch
    {
        DatasetNames.Omniglot => (OmniglotLayout.Expected, OmniglotLayout.Section),
        DatasetNames.MiniImageNet => (MiniImageNetLayout.Expected, MiniImageNetLayout.Section),
        DatasetNames.TieredImageNet => (FolderLayout.Expected, TieredImageNetLayout.Section),
        DatasetNames.Cub => (CubLayout.Expected, CubLayout.Section),
        _ => (FolderLayout.Expected, "Image folders"),
    };
}
