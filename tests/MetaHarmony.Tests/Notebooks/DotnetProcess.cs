using System.Diagnostics;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>Runs the dotnet host as a child process, within a time limit.</summary>
internal static class DotnetProcess
{
    public sealed record Outcome(int ExitCode, string Output, string Error);

    /// <summary>
    /// <c>dotnet ARGUMENTS</c> in <paramref name="folder"/>, with <paramref name="environment"/>
    /// added (a null value removes a variable); fails the test after four minutes.
    /// </summary>
    public static Outcome Run(string folder, IReadOnlyDictionary<string, string?> environment,
        params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took over 4 minutes.");
        }
        return new Outcome(process.ExitCode, output.Result, error.Result);
    }
}
