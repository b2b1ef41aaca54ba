namespace MetaHarmony.Cli;

/// <summary>
/// What a command needs from the process around it: where to write, whether the output is a
/// terminal (a live progress bar) or a log (plain periodic lines), and the stop request that
/// SIGINT and SIGTERM raise. Tests build one over string writers.
/// </summary>
/// <param name="Output">Standard output: results and progress.</param>
/// <param name="Error">Standard error: what went wrong and how to fix it.</param>
/// <param name="Interactive">True when <paramref name="Output"/> is a terminal.</param>
/// <param name="Stop">Cancelled when the user or the scheduler asks the process to stop.</param>
public sealed record CliContext(TextWriter Output, TextWriter Error, bool Interactive,
    CancellationToken Stop)
{
    /// <summary>The signal that cancelled <see cref="Stop"/>: "SIGINT" or "SIGTERM".</summary>
    public string? StopSignal { get; set; }

    /// <summary>
    /// The environment variables the commands read (SLURM_ARRAY_TASK_ID); the process's own
    /// unless a test gives others.
    /// </summary>
    public Func<string, string?> Environment { get; init; } =
        System.Environment.GetEnvironmentVariable;
}
