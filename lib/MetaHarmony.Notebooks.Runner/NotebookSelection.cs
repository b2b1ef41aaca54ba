namespace MetaHarmony.Notebooks.Runner;

/// <summary>Finds the notebooks a run asked for.</summary>
internal static class NotebookSelection
{
    /// <summary>
    /// Every .ipynb of <paramref name="folder"/> in name order when <paramref name="requested"/>
    /// is empty; else each request as a path, a name or a unique name prefix.
    /// </summary>
    public static IReadOnlyList<string> Resolve(string folder, IReadOnlyList<string> requested)
    {
        var available = Directory.Exists(folder)
            ? Directory.GetFiles(folder, "*.ipynb").Order(StringComparer.Ordinal).ToList()
            : [];
        if (requested.Count == 0)
        {
            return available.Count > 0 ? available
                : throw new ArgumentException($"No notebooks in {folder}.");
        }
        return requested.Select(r => One(r, available, folder)).ToList();
    }

    static string One(string request, List<string> available, string folder)
    {
        if (File.Exists(request))
        {
            return Path.GetFullPath(request);
        }

        var matches = available
            .Where(p => Path.GetFileNameWithoutExtension(p)
                .StartsWith(Path.GetFileNameWithoutExtension(request), StringComparison.Ordinal))
            .ToList();
        return matches.Count switch
        {
            1 => matches[0],
            0 => throw new ArgumentException(
                $"No notebook '{request}' in {folder}; there are: "
                + string.Join(", ", available.Select(Path.GetFileNameWithoutExtension)) + "."),
            _ => throw new ArgumentException(
                $"'{request}' matches several notebooks: "
                + string.Join(", ", matches.Select(Path.GetFileNameWithoutExtension)) + "."),
        };
    }
}
