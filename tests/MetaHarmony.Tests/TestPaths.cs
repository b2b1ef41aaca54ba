namespace MetaHarmony.Tests;

/// <summary>Folders of the repository, found from the test assembly's location.</summary>
internal static class TestPaths
{
    /// <summary>The folder holding Reproduce.sln.</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    static string FindRoot()
    {
        var folder = new DirectoryInfo(AppContext.BaseDirectory);
        while (folder is not null && !File.Exists(Path.Combine(folder.FullName, "Reproduce.sln")))
        {
            folder = folder.Parent;
        }
        return folder?.FullName
            ?? throw new InvalidOperationException("Reproduce.sln not found above the tests.");
    }
}
