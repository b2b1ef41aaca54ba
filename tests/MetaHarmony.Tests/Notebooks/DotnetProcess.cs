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
        using var running = Start(folder, environment, arguments);
        return running.Finish();
    }

    /// <summary>
    /// Starts <c>dotnet ARGUMENTS</c> as <see cref="Run"/> does, without waiting.
    /// </summary>
    public static Running Start(string folder, IReadOnlyDictionary<string, string?> environment,
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
        return new Running(Process.Start(start)!, string.Join(' ', arguments));
    }

    /// <summary>A child process whose output is being collected.</summary>
    public sealed class Running : IDisposable
    {
        readonly Process process;
        readonly string command;
        readonly Task<string> output;
        readonly Task<string> error;

        public Running(Process process, string command)
        {
            this.process = process;
            this.command = command;
            output = process.StandardOutput.ReadToEndAsync();
            error = process.StandardError.ReadToEndAsync();
        }

        public bool HasExited => process.HasExited;

        /// <summary>Waits for the exit; fails the test after four minutes.</summary>
        public Outcome Finish()
        {
            if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
            {
                process.Kill(entireProcessTree: true);
                Assert.Fail($"dotnet {command} took over 4 minutes.");
            }
            return new Outcome(process.ExitCode, output.Result, error.Result);
        }

        /// <summary>Kills the process and its children, as a crash or a closed laptop would.
        /// </summary>
        public Outcome Kill()
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit();
            return new Outcome(process.ExitCode, output.Result, error.Result);
        }

        public void Dispose()
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }
            process.Dispose();
        }
    }
}
