using System.Diagnostics;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>Runs notebooks through the headless runner, as a child process.</summary>
internal static class NotebookRunner
{
    /// <summary>The runner's build output; building the tests builds it.</summary>
    public static string Assembly { get; } = Path.Combine(TestPaths.RepositoryRoot,
        "artifacts", "notebooks", "MetaHarmony.Notebooks.Runner.dll");

    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>Runs the runner with <paramref name="arguments"/>, within a time limit.</summary>
    public static Outcome Run(params string[] arguments)
    {
        Assert.True(File.Exists(Assembly), $"{Assembly} is missing; build the solution first.");
        var start = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = Path.GetTempPath(),
        };
        start.ArgumentList.Add(Assembly);
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment.Remove("METAHARMONY_OVERRIDES");

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"The runner took over 4 minutes:\n{output.Result}");
        }
        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
