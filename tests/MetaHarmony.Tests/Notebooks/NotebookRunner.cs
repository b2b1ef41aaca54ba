namespace MetaHarmony.Tests.Notebooks;

/// <summary>Runs notebooks through the headless runner, as a child process.</summary>
internal static class NotebookRunner
{
    /// <summary>The runner's build output; building the tests builds it.</summary>
    public static string Assembly { get; } = Path.Combine(TestPaths.RepositoryRoot,
        "artifacts", "notebooks", "MetaHarmony.Notebooks.Runner.dll");

    /// <summary>Runs the runner with <paramref name="arguments"/> from a neutral folder.</summary>
    public static DotnetProcess.Outcome Run(params string[] arguments)
    {
        Assert.True(File.Exists(Assembly), $"{Assembly} is missing; build the solution first.");
        return DotnetProcess.Run(Path.GetTempPath(),
            new Dictionary<string, string?> { ["METAHARMONY_OVERRIDES"] = null },
            [Assembly, .. arguments]);
    }
}
