namespace MetaHarmony.Datasets;

/// <summary>Which files of a class folder are images, and how they are listed.</summary>
internal static class ImageFiles
{
    /// <summary>Extensions the decoder reads (lower case).</summary>
    public static readonly IReadOnlySet<string> Extensions =
        new HashSet<string>([".png", ".jpg", ".jpeg", ".bmp", ".gif", ".tga"]);

    /// <summary>True when <paramref name="path"/> has an image extension, in any case.</summary>
    public static bool IsImage(string path) =>
        Extensions.Contains(Path.GetExtension(path).ToLowerInvariant());

    /// <summary>The images directly in <paramref name="folder"/>, sorted by name (ordinal),
    /// as paths relative to <paramref name="root"/> with '/' separators.</summary>
    public static IReadOnlyList<string> In(string folder, string root) =>
        Directory.EnumerateFiles(folder)
            .Where(IsImage)
            .Select(path => Relative(root, path))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary>The sub-folders of <paramref name="folder"/>, sorted by name (ordinal).
    /// </summary>
    public static IReadOnlyList<string> Folders(string folder) =>
        Directory.EnumerateDirectories(folder)
            .Where(path => !Path.GetFileName(path).StartsWith('.'))
            .Order(StringComparer.Ordinal)
            .ToArray();

    /// <summary><paramref name="path"/> relative to <paramref name="root"/>, '/'-separated.
    /// </summary>
    public static string Relative(string root, string path) =>
        Path.GetRelativePath(root, path).Replace(Path.DirectorySeparatorChar, '/');
}
