namespace MetaHarmony.Datasets;

/// <summary>
/// miniImageNet in either of its two common layouts: Ravi and Larochelle's split files
/// train.csv, val.csv and test.csv ("filename,label" rows) beside a flat images/ folder, or
/// the processed root/{train,val,test}/&lt;wnid&gt;/*.jpg folders. The CSVs win when both exist.
/// Classes are sorted by label; images keep the order of their rows.
/// </summary>
internal static class MiniImageNetLayout
{
    /// <summary>The README section on this layout.</summary>
    public const string Section = "miniImageNet";

    /// <summary>The layout, as error messages describe it.</summary>
    public const string Expected = "expected train.csv, val.csv and test.csv (filename,label) "
        + "with an images/ folder, or train/, val/ and test/ folders of <wnid>/*.jpg";

    static readonly string[] SplitFiles = ["train.csv", "val.csv", "test.csv"];

    /// <summary>Lists the classes and images under <paramref name="root"/>.</summary>
    public static DatasetLayout Read(string root)
    {
        if (File.Exists(Path.Combine(root, "train.csv")))
        {
            return ReadCsv(root);
        }
        if (FolderLayout.IsPresent(root))
        {
            return FolderLayout.Read(DatasetNames.MiniImageNet, root, Section);
        }
        throw LayoutErrors.Missing(Path.Combine(root, "train.csv"), Expected, Section);
    }

    static DatasetLayout ReadCsv(string root)
    {
        string images = LayoutErrors.RequireFolder(Path.Combine(root, "images"), Expected,
            Section);
        var splits = SplitFiles.Select(file =>
        {
            string csv = Path.Combine(root, file);
            if (!File.Exists(csv))
            {
                throw new FileNotFoundException(
                    $"Split file '{csv}' does not exist; {Expected} "
                    + $"{LayoutErrors.SeeReadme(Section)}.", csv);
            }
            return (IReadOnlyList<(string, IReadOnlyList<string>)>)ReadSplitFile(csv, root, images)
                .GroupBy(row => row.Label)
                .OrderBy(group => group.Key, StringComparer.Ordinal)
                .Select(group => (group.Key,
                    (IReadOnlyList<string>)group.Select(row => row.File).ToArray()))
                .ToArray();
        }).ToArray();
        return DatasetLayout.FromClassFiles(DatasetNames.MiniImageNet, root, splits);
    }

    /// <summary>Reads the rows of one split file, checking that every file it names lies
    /// inside <paramref name="images"/> and exists.</summary>
    internal static IEnumerable<(string File, string Label)> ReadSplitFile(string csv,
        string root, string images)
    {
        string imagesFolder = Path.GetFullPath(images) + Path.DirectorySeparatorChar;
        int line = 0;
        foreach (string text in File.ReadLines(csv))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text) || (line == 1 && text.StartsWith("filename,",
                StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            string[] fields = text.Split(',');
            if (fields.Length != 2 || fields[0].Trim().Length == 0 || fields[1].Trim().Length == 0)
            {
                throw new InvalidDataException(
                    $"'{csv}' line {line} is '{text}'; expected 'filename,label' "
                    + $"{LayoutErrors.SeeReadme(Section)}.");
            }

            string name = fields[0].Trim();
            string full = Path.GetFullPath(Path.Combine(images, name));
            if (Path.IsPathRooted(name) || !full.StartsWith(imagesFolder, StringComparison.Ordinal))
            {
                throw new InvalidDataException(
                    $"'{csv}' line {line} names '{name}', which is outside the images folder "
                    + $"'{images}'; split files may only name files inside it.");
            }
            if (!File.Exists(full))
            {
                throw new FileNotFoundException(
                    $"'{csv}' line {line} names '{name}', but '{full}' does not exist "
                    + $"{LayoutErrors.SeeReadme(Section)}.", full);
            }
            yield return (ImageFiles.Relative(root, full), fields[1].Trim());
        }
    }
}
