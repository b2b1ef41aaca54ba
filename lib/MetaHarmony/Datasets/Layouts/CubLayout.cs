namespace MetaHarmony.Datasets;

/// <summary>
/// CUB-200-2011 as distributed: CUB_200_2011/images/NNN.Species/*.jpg. The few-shot split is
/// the one used since Chen et al. 2019 ("A closer look at few-shot classification"): the 200
/// class folders sorted by name, then class i goes to train when i % 2 == 0, to validation
/// when i % 4 == 1 and to test when i % 4 == 3, which gives 100 / 50 / 50 classes. Images are
/// resized whole to a square (no bounding-box crop), as most few-shot code does.
/// </summary>
internal static class CubLayout
{
    /// <summary>The README section on this layout.</summary>
    public const string Section = "CUB-200-2011";

    /// <summary>The layout, as error messages describe it.</summary>
    public const string Expected = "expected CUB_200_2011/images/NNN.Species/*.jpg, with Root "
        + "either the folder holding CUB_200_2011 or CUB_200_2011 itself";

    /// <summary>The split (0 train, 1 validation, 2 test) of the class at sorted position
    /// <paramref name="index"/>.</summary>
    public static int SplitOf(int index) => (index % 4) switch
    {
        0 or 2 => 0,
        1 => 1,
        _ => 2,
    };

    /// <summary>Lists the classes and images under <paramref name="root"/>.</summary>
    public static DatasetLayout Read(string root)
    {
        string images = new[]
            {
                Path.Combine(root, "CUB_200_2011", "images"),
                Path.Combine(root, "images"),
            }
            .FirstOrDefault(Directory.Exists)
            ?? throw LayoutErrors.Missing(Path.Combine(root, "CUB_200_2011", "images"),
                Expected, Section);

        var folders = ImageFiles.Folders(images);
        if (folders.Count < 4)
        {
            throw new InvalidDataException(
                $"'{images}' has {folders.Count} class folders; the CUB split needs at least "
                + $"4 (200 in CUB-200-2011); {Expected} {LayoutErrors.SeeReadme(Section)}.");
        }

        var splits = Enumerable.Range(0, 3)
            .Select(split => (IReadOnlyList<(string, IReadOnlyList<string>)>)folders
                .Where((_, i) => SplitOf(i) == split)
                .Select(folder => (Path.GetFileName(folder),
                    LayoutErrors.RequireImages(folder, root, Expected, Section)))
                .ToArray())
            .ToArray();
        return DatasetLayout.FromClassFiles(DatasetNames.Cub, root, splits);
    }
}
