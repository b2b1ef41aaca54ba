namespace MetaHarmony.Notebooks;

/// <summary>
/// Where a notebook's outputs go: results/figures/NOTEBOOK and results/tables/NOTEBOOK under
/// the results folder, which is METAHARMONY_RESULTS when set (the runner sets it), else
/// results/ at the repository root (the folder holding Reproduce.sln above the kit or the
/// working directory), else ./results.
/// </summary>
/// <param name="Root">The results folder.</param>
/// <param name="Notebook">The notebook's name, e.g. "01-baseline".</param>
public sealed record ResultsFolders(string Root, string Notebook)
{
    /// <summary>Environment variable that chooses the results folder.</summary>
    public const string Variable = "METAHARMONY_RESULTS";

    /// <summary>Figures of this notebook (HTML and PNG).</summary>
    public string Figures => Path.Combine(Root, "figures", Notebook);

    /// <summary>Tables of this notebook (CSV and Markdown).</summary>
    public string Tables => Path.Combine(Root, "tables", Notebook);

    /// <summary>The folders for <paramref name="notebook"/> as described above.</summary>
    public static ResultsFolders For(string notebook)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(notebook);
        if (notebook.IndexOfAny(Path.GetInvalidFileNameChars()) >= 0 || notebook.Contains(".."))
        {
            throw new ArgumentException(
                $"Notebook name '{notebook}' must be a plain name such as \"01-baseline\".",
                nameof(notebook));
        }

        string? root = Environment.GetEnvironmentVariable(Variable);
        if (string.IsNullOrWhiteSpace(root))
        {
            string? repository = RepositoryRoot(KitAssemblies.Folder)
                ?? RepositoryRoot(Environment.CurrentDirectory);
            root = Path.Combine(repository ?? Environment.CurrentDirectory, "results");
        }
        return new ResultsFolders(Path.GetFullPath(root), notebook);
    }

    /// <summary>The nearest folder with Reproduce.sln, <paramref name="start"/> or above.</summary>
    public static string? RepositoryRoot(string start)
    {
        for (var folder = new DirectoryInfo(start); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Reproduce.sln")))
            {
                return folder.FullName;
            }
        }
        return null;
    }
}
