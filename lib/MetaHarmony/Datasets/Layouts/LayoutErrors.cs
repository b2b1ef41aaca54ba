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
}
