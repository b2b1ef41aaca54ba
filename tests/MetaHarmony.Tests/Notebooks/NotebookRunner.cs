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
        using var running = Start(arguments);
        return running.Finish();
    }

    /// <summary>
    /// Starts the runner as <see cref="Run"/> does, without waiting for it. Its libtorch uses
    /// one thread: the smoke preset's tensors are too small to gain from two, and with other
    /// tests on the same cores, threads that wait for each other made a smoke run 5x slower.
    /// </summary>
    public static DotnetProcess.Running Start(params string[] arguments)
    {
        Assert.True(File.Exists(Assembly), $"{Assembly} is missing; build the solution first.");
        return DotnetProcess.Start(Path.GetTempPath(),
            new Dictionary<string, string?>
            {
                ["METAHARMONY_OVERRIDES"] = null,
                ["METAHARMONY_THREADS"] = "1",
            },
            [Assembly, .. arguments]);
    }
}
