namespace MetaHarmony.Datasets;

/// <summary>The errors that a dataset's files raise, worded alike: what is wrong, with the
/// path, and where the expected layout is described.</summary>
internal static class LayoutErrors
{
    /// <summary>Names the data/README.md section for a layout.</summary>
    public static string SeeReadme(string section) =>
        $"(see data/README.md, section '{section}')";

    /// <summary>A folder or file that the layout needs is not there.</summary>
    public static DirectoryNotFoundException Missing(string path, string expected,
        string section) =>
        new($"'{path}' does not exist; {expected} {SeeReadme(section)}.");

    /// <summary>Fails with <see cref="Missing"/> unless <paramref name="folder"/> exists.</summary>
    public static string RequireFolder(string folder, string expected, string section) =>
        Directory.Exists(folder) ? folder : throw Missing(folder, expected, section);

    /// <summary>
    /// The images of class folder <paramref name="folder"/>, as <see cref="ImageFiles.In"/>
    /// lists them; a folder without any is an error that names it (an empty class would
    /// otherwise fail much later, when an episode draws from it).
    /// </summary>
    public static IReadOnlyList<string> RequireImages(string folder, string root,
        string expected, string section)
    {
        var images = ImageFiles.In(folder, root);
        return images.Count > 0 ? images : throw new InvalidDataException(
            $"Class folder '{folder}' has no images; {expected} {SeeReadme(section)}.");
    }
}
