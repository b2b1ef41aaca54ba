namespace MetaHarmony.Datasets;

/// <summary>
/// The plainest layout, and the one processed miniImageNet and tieredImageNet copies use:
/// root/train/&lt;class&gt;/&lt;image&gt;, root/val/..., root/test/.... Class folders and images
/// are sorted by name; files without an image extension are ignored.
/// </summary>
internal static class FolderLayout
{
    /// <summary>The split folders, in train, validation, test order.</summary>
    public static readonly string[] SplitFolders = ["train", "val", "test"];

    /// <summary>The layout, as error messages describe it.</summary>
    public const string Expected = "expected root/{train,val,test}/<class>/<image> with images "
        + "(.png, .jpg, .jpeg, .bmp, .gif, .tga) in every class folder";

    /// <summary>True when <paramref name="root"/> has the three split folders.</summary>
    public static bool IsPresent(string root) =>
        SplitFolders.All(split => Directory.Exists(Path.Combine(root, split)));

    /// <summary>Lists the classes and images under <paramref name="root"/>.</summary>
    /// <param name="name">The dataset's name.</param>
    /// <param name="root">The folder holding train/, val/ and test/.</param>
    /// <param name="section">The data/README.md section that describes this use.</param>
    public static DatasetLayout Read(string name, string root, string section)
    {
        var splits = SplitFolders.Select(split =>
        {
            string folder = LayoutErrors.RequireFolder(Path.Combine(root, split), Expected,
                section);
            var classes = ImageFiles.Folders(folder)
                .Select(c => (Path.GetFileName(c),
                    LayoutErrors.RequireImages(c, root, Expected, section)))
                .ToArray();
            if (classes.Length == 0)
            {
                throw new InvalidDataException(
                    $"'{folder}' has no class folders; {Expected} "
                    + $"{LayoutErrors.SeeReadme(section)}.");
            }
            return (IReadOnlyList<(string, IReadOnlyList<string>)>)classes;
        }).ToArray();
        return DatasetLayout.FromClassFiles(name, root, splits);
    }
}
