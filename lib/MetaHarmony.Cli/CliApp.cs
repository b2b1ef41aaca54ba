using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using MetaHarmony.Cli.Commands;

namespace MetaHarmony.Cli;

/// <summary>
/// The command line's entry: builds the commands, parses, runs the chosen one and turns every
/// outcome into an exit code. Tests call <see cref="Invoke"/> in-process with their own
/// writers; <c>Program</c> calls it with the console and the signal handlers.
/// </summary>
public static class CliApp
{
    /// <summary>The command's name, as users type it.</summary>
    public const string Name = "metaharmony";

    /// <summary>Exit code: done.</summary>
    public const int Success = 0;

    /// <summary>Exit code: the work failed (a diverged run, a missing dataset, ...).</summary>
    public const int Failure = 1;

    /// <summary>Exit code: the command line is wrong (unknown option, bad value).</summary>
    public const int Usage = 2;

    /// <summary>Exit code: stopped by SIGINT (Ctrl+C), after writing a checkpoint.</summary>
    public const int Interrupted = 130;

    /// <summary>Exit code: stopped by SIGTERM (a scheduler's time limit), checkpointed.</summary>
    public const int Terminated = 143;

    /// <summary>
    /// The commands, one file each under Commands/: add a new one here.
    /// </summary>
    static IEnumerable<Command> Commands(CliContext context) =>
    [
        RunCommand.Create(context),
        SweepCommand.Create(context),
        SummarizeCommand.Create(context),
    ];

    /// <summary>
    /// The root command with every subcommand. A plain command named <see cref="Name"/> rather
    /// than a RootCommand, which would take the assembly's name (MetaHarmony.Cli) for usage.
    /// </summary>
    public static Command Build(CliContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var root = new Command(Name,
            "MetaHarmony: meta-learning with cross-task gradient harmonization, from the shell. "
            + "The same configs, presets, run records and result store as the notebooks.");
        root.Options.Add(new HelpOption { Recursive = true });
        foreach (var command in Commands(context))
        {
            root.Subcommands.Add(command);
        }
        return root;
    }

    /// <summary>Parses and runs <paramref name="args"/>; returns the exit code.</summary>
    public static int Invoke(IReadOnlyList<string> args, CliContext context)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(context);
        var parse = Build(context).Parse(args);
        if (parse.Action is ParseErrorAction)
        {
            foreach (var error in parse.Errors)
            {
                context.Error.WriteLine($"error: {error.Message}");
            }
            context.Error.WriteLine($"See '{Name} {CommandPath(parse)}--help'.");
            return Usage;
        }

        try
        {
            return parse.Invoke(new InvocationConfiguration
            {
                Output = context.Output,
                Error = context.Error,
                EnableDefaultExceptionHandler = false,
                ProcessTerminationTimeout = null,
            });
        }
        catch (CliUsageException e)
        {
            context.Error.WriteLine($"error: {e.Message}");
            context.Error.WriteLine($"See '{Name} {CommandPath(parse)}--help'.");
            return Usage;
        }
        catch (OperationCanceledException) when (context.Stop.IsCancellationRequested)
        {
            context.Error.WriteLine($"Stopped by {context.StopSignal ?? "a stop request"}.");
            return context.StopSignal == "SIGTERM" ? Terminated : Interrupted;
        }
        catch (Exception e) when (Expected(e))
        {
            context.Error.WriteLine($"error: {e.Message}");
            return Failure;
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            // Not a failure the kit foresaw: the whole trace helps whoever reports it.
            context.Error.WriteLine($"error (unexpected): {e}");
            return Failure;
        }
    }

    /// <summary>Failures whose message says all: bad data, missing files, divergence.</summary>
    static bool Expected(Exception error) => error is IOException or InvalidDataException
        or InvalidOperationException or ArgumentException or UnauthorizedAccessException
        or NotSupportedException or Meta.NonFiniteLossException;

    static string CommandPath(ParseResult parse)
    {
        var names = new List<string>();
        for (var result = parse.CommandResult; result.Parent is not null;
            result = (System.CommandLine.Parsing.CommandResult)result.Parent)
        {
            names.Insert(0, result.Command.Name);
        }
        return names.Count == 0 ? "" : string.Join(' ', names) + " ";
    }
}
