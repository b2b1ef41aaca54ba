using MetaHarmony.Cli;

namespace MetaHarmony.Tests.Cli;

/// <summary>Runs the command line in-process and keeps what it printed.</summary>
internal static class CliHarness
{
    /// <summary>The exit code and the two streams of one invocation.</summary>
    public sealed record Outcome(int ExitCode, string Output, string Error)
    {
        public override string ToString() =>
            $"exit {ExitCode}\n--- stdout\n{Output}\n--- stderr\n{Error}";
    }

    /// <summary>
    /// <c>metaharmony ARGS</c> with plain (non-terminal) output, the given environment only,
    /// and an optional stop request.
    /// </summary>
    public static Outcome Invoke(string[] args, IReadOnlyDictionary<string, string>? environment
        = null, CancellationToken stop = default, TextWriter? output = null)
    {
        var error = new StringWriter();
        var written = output ?? new StringWriter();
        var context = new CliContext(written, error, Interactive: false, stop)
        {
            Environment = name => environment is not null
                && environment.TryGetValue(name, out string? value) ? value : null,
            StopSignal = stop.CanBeCanceled ? "SIGINT" : null,
        };
        int code = CliApp.Invoke(args, context);
        return new Outcome(code, written.ToString()!, error.ToString());
    }

    /// <summary>
    /// <c>run</c> at the smoke preset on the CPU into <paramref name="output"/>, shortened
    /// further (4 test episodes, 6 kanji instances, no progress lines), then
    /// <paramref name="more"/>.
    /// </summary>
    public static string[] SmokeRun(string output, params string[] more) =>
    [
        "run", "--preset", "smoke", "--device", "cpu", "--output", output, "--episodes", "4",
        "--set", "Dataset.KanjiInstances=6", "--log-interval", "600", .. more,
    ];

    /// <summary>Same as <see cref="Invoke(string[], IReadOnlyDictionary{string, string}?,
    /// CancellationToken, TextWriter?)"/> with the arguments inline.</summary>
    public static Outcome Run(params string[] args) => Invoke(args);
}
