namespace MetaHarmony.Datasets;

/// <summary>One class of a layout: its image files (indices into
/// <see cref="DatasetLayout.Files"/>) and the quarter turns applied to them.</summary>
/// <param name="Name">Class name: folder name, wnid, "Alphabet/characterNN".</param>
/// <param name="Files">Indices of its files in <see cref="DatasetLayout.Files"/>.</param>
/// <param name="QuarterTurns">Counter-clockwise quarter turns (0-3); Vinyals' Omniglot split
/// makes each rotation of a character a class of its own.</param>
internal sealed record LayoutClass(string Name, IReadOnlyList<int> Files, int QuarterTurns = 0);

/// <summary>
/// A real dataset as found on disk, before any pixel is read: every image file once, and the
/// classes of each split as lists of those files. The packed cache is keyed by
/// <see cref="Files"/> and their sizes.
/// </summary>
/// <param name="Name">The dataset's name (<see cref="DatasetNames"/>).</param>
/// <param name="Root">The dataset's folder, absolute.</param>
/// <param name="Files">Image paths relative to <paramref name="Root"/>, '/'-separated.</param>
/// <param name="Splits">Train, validation and test classes, in that order.</param>
internal sealed record DatasetLayout(string Name, string Root, IReadOnlyList<string> Files,
    IReadOnlyList<IReadOnlyList<LayoutClass>> Splits)
{
    /// <summary>Builds a layout from split name, class name and file lists, giving every
    /// file one index in split, class, file order.</summary>
    public static DatasetLayout FromClassFiles(string name, string root,
        IReadOnlyList<IReadOnlyList<(string Class, IReadOnlyList<string> Files)>> splits)
    {
        var files = new List<string>();
        var layoutSplits = splits.Select(split => (IReadOnlyList<LayoutClass>)split
            .Select(c =>
            {
                var indices = Enumerable.Range(files.Count, c.Files.Count).ToArray();
                files.AddRange(c.Files);
                return new LayoutClass(c.Class, indices);
            })
            .ToArray()).ToArray();
        return new DatasetLayout(name, root, files, layoutSplits);
    }
}
