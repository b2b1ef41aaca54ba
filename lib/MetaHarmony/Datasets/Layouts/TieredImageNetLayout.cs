namespace MetaHarmony.Datasets;

/// <summary>
/// tieredImageNet in its processed folder layout, root/{train,val,test}/&lt;class&gt;/&lt;image&gt;
/// (608 classes: 351 / 97 / 160). The pickled caches some copies ship
/// (train_images_png.pkl, ...) are not read: they need Python's pickle format; export them
/// to folders once (data/README.md shows how).
/// </summary>
internal static class TieredImageNetLayout
{
    /// <summary>The README section on this layout.</summary>
    public const string Section = "tieredImageNet";

    /// <summary>Lists the classes and images under <paramref name="root"/>.</summary>
    public static DatasetLayout Read(string root)
    {
        if (!FolderLayout.IsPresent(root)
            && Directory.EnumerateFiles(root, "*.pkl").Any())
        {
            throw new InvalidDataException(
                $"'{root}' holds tieredImageNet's pickle files but no train/, val/ and test/ "
                + "folders; the kit reads the folder layout only: export the pickles to "
                + $"root/{{train,val,test}}/<class>/<image> {LayoutErrors.SeeReadme(Section)}.");
        }
        return FolderLayout.Read(DatasetNames.TieredImageNet, root, Section);
    }
}
