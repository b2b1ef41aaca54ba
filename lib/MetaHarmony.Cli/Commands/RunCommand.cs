using System.CommandLine;
using System.Globalization;
using MetaHarmony.Experiments;
using MetaHarmony.Meta;
using MetaHarmony.Runtime;

namespace MetaHarmony.Cli.Commands;

/// <summary>
/// <c>metaharmony run</c>: trains one experiment (from a preset and options, or one run of a
/// sweep file), with live progress and checkpoints, evaluates it on the test split and saves
/// its record in the result store that the notebooks read.
/// </summary>
internal sealed class RunCommand
{
    readonly CliContext context;
    readonly ConfigOptions config = new();

    readonly Option<string?> sweep = new("--sweep")
    {
        Description = "Run one run of this sweep file (an ExperimentPlan in JSON) instead of "
            + "the configuration options",
        HelpName = "FILE",
    };

    readonly Option<int?> index = new("--index")
    {
        Description = "The run of --sweep to train, from 0; default: $SLURM_ARRAY_TASK_ID",
        HelpName = "I",
    };

    readonly Option<string> output = new("--output", "-o")
    {
        Description = "The results folder (runs/, checkpoints/, tables/)",
        DefaultValueFactory = _ => "results",
        HelpName = "DIR",
    };

    readonly Option<string> device = new("--device")
    {
        Description = "auto (CUDA when available), cpu, cuda or cuda:N",
        DefaultValueFactory = _ => "auto",
    };

    readonly Option<int> threads = new("--threads")
    {
        Description = "CPU threads for tensor work; 0 for one per core",
    };

    readonly Option<OmpWaitPolicy> waitPolicy = new("--wait-policy")
    {
        Description = "How CPU worker threads wait: default, active, or passive (better when "
            + "other processes share the cores)",
    };

    readonly Option<int> checkpointEvery = new("--checkpoint-every")
    {
        Description = "Iterations between checkpoints; 0 for only on a stop and at the end",
        DefaultValueFactory = _ => new CheckpointOptions().Every,
        HelpName = "N",
    };

    readonly Option<bool> resume = new("--resume")
    {
        Description = "Continue from the run's checkpoint (start at 0 when there is none)",
    };

    readonly Option<bool> restart = new("--restart")
    {
        Description = "Train from iteration 0 even if the run has a checkpoint or a record",
    };

    readonly Option<string?> tensorboard = new("--tensorboard")
    {
        Description = "Also write TensorBoard event files (loss, accuracy, GCI) under DIR/RUN",
        HelpName = "DIR",
    };

    readonly Option<double> logInterval = new("--log-interval")
    {
        Description = "Seconds between progress lines when output is not a terminal",
        DefaultValueFactory = _ => 30,
        HelpName = "SECONDS",
    };

    RunCommand(CliContext context) => this.context = context;

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var run = new RunCommand(context);
        var command = new Command("run",
            "Train one experiment, evaluate it on the test split and save its record. Ctrl+C "
            + "(SIGINT) or SIGTERM stops it with a checkpoint; --resume continues it.");
        foreach (var option in run.config.All.Concat(run.Own))
        {
            command.Options.Add(option);
        }
        run.AddValidators(command);
        command.SetAction(run.Execute);
        return command;
    }

    IEnumerable<Option> Own =>
    [
        sweep, index, output, device, threads, waitPolicy, checkpointEvery, resume, restart,
        tensorboard, logInterval,
    ];

    void AddValidators(Command command)
    {
        index.Validators.Add(r => NotNegative(ConfigOptions.ValueOf<int?>(r) ?? 0, "--index", r));
        threads.Validators.Add(r => NotNegative(ConfigOptions.ValueOf<int>(r), "--threads", r));
        checkpointEvery.Validators.Add(r =>
            NotNegative(ConfigOptions.ValueOf<int>(r), "--checkpoint-every", r));
        logInterval.Validators.Add(r =>
        {
            double seconds = ConfigOptions.ValueOf<double>(r);
            if (r.Tokens.Count > 0 && !(seconds > 0))
            {
                r.AddError($"--log-interval {r.Tokens[0].Value}: use a number of seconds "
                    + "greater than 0.");
            }
        });
        device.Validators.Add(r =>
        {
            try
            {
                DeviceSpec.Parse(ConfigOptions.ValueOf<string>(r) ?? "auto");
            }
            catch (ArgumentException e)
            {
                r.AddError($"--device: {e.Message}");
            }
        });
        command.Validators.Add(r =>
        {
            if (r.GetValue(resume) && r.GetValue(restart))
            {
                r.AddError("--resume and --restart exclude each other: continue the run, or "
                    + "start it over.");
            }
        });
    }

    static void NotNegative(int value, string name, System.CommandLine.Parsing.OptionResult r)
    {
        if (value < 0)
        {
            r.AddError($"{name} {value}: use 0 or more.");
        }
    }

    int Execute(ParseResult parse)
    {
        var (experiment, origin, sweepIndex) = Configuration(parse);
        var runtime = TorchRuntime.Initialize(new RuntimeOptions
        {
            Device = parse.GetValue(device)!,
            Threads = parse.GetValue(threads),
            WaitPolicy = parse.GetValue(waitPolicy),
        });
        var store = new ResultStore(parse.GetValue(output)!);
        var identity = CheckpointIdentity.Of(experiment);
        var label = ExperimentRunner.Describe(experiment).Label;
        var write = context.Output;
        write.WriteLine(runtime.ToString());
        write.WriteLine($"run {identity.RunId}: {label}, {experiment.Dataset.NormalizedName}, "
            + $"{experiment.Iterations} iterations{origin}; results in {store.Folder}");

        bool again = parse.GetValue(restart);
        if (!again && store.TryLoad(experiment) is { } stored)
        {
            write.WriteLine($"This run is already finished ({stored.Folder}); nothing to train. "
                + "Give --restart to train it again.");
            Summarize(stored.Record, stored.Folder);
            return CliApp.Success;
        }

        var progress = new ConsoleProgress(write, context.Interactive, TerminalWidth())
        {
            Interval = TimeSpan.FromSeconds(parse.GetValue(logInterval)),
        };
        var board = parse.GetValue(tensorboard) is { } folder
            ? new TensorBoardLog(folder, identity.RunId) : null;
        using var runner = new ExperimentRunner(store)
        {
            Progress = progress,
            DatasetProgress = progress,
            Notices = progress,
            Retrain = again,
            AfterIteration = board is null ? null : board.Write,
            Checkpoints = new CheckpointOptions
            {
                Every = parse.GetValue(checkpointEvery),
                Resume = parse.GetValue(resume),
            },
        };
        string checkpoint = runner.CheckpointPath(identity.RunId)!;
        if (board is not null)
        {
            write.WriteLine(
                $"TensorBoard: tensorboard --logdir {Path.GetDirectoryName(board.Folder)}");
        }

        RunRecord record;
        try
        {
            record = runner.Run(experiment, context.Stop);
        }
        catch (OperationCanceledException) when (context.Stop.IsCancellationRequested)
        {
            progress.Finish();
            return Stopped(parse, checkpoint, sweepIndex);
        }
        catch (NonFiniteLossException e)
        {
            progress.Finish();
            context.Error.WriteLine($"error: {e.Message}");
            context.Error.WriteLine(LastGood(checkpoint));
            return CliApp.Failure;
        }
        finally
        {
            progress.Finish();
        }

        if (record.Evaluation is not null)
        {
            board?.Write(record.Evaluation, experiment.Iterations);
        }
        Summarize(record, store.RunFolder(record.RunId));
        return CliApp.Success;
    }

    /// <summary>
    /// The run's configuration, from the sweep file or from the options, and the sweep index it
    /// came from (null without a sweep).
    /// </summary>
    (ExperimentConfig Config, string Origin, int? SweepIndex) Configuration(ParseResult parse)
    {
        string? file = parse.GetValue(sweep);
        if (file is null)
        {
            if (parse.GetValue(index) is { } i)
            {
                throw new CliUsageException($"--index {i} picks a run of a sweep: give "
                    + "--sweep FILE too.");
            }
            return (config.Build(parse), "", null);
        }

        var given = config.Given(parse);
        if (given.Count > 0)
        {
            throw new CliUsageException($"{string.Join(", ", given)} cannot be combined with "
                + $"--sweep: the sweep file {file} sets every value of its runs. Edit the file, "
                + "or run without --sweep.");
        }

        var plan = SweepFile.Load(file);
        int at = plan.ResolveIndex(parse.GetValue(index), context.Environment);
        return (plan.Configs[at], $" (run {at} of {plan.Configs.Count} in {plan.Path})", at);
    }

    int Stopped(ParseResult parse, string checkpoint, int? sweepIndex)
    {
        // The command that continues: --restart would refuse --resume, and an index that came
        // from the scheduler's environment must be spelled out to work outside that job.
        var tokens = parse.Tokens.Select(t => t.Value).Where(t => t != "--restart").ToList();
        if (!tokens.Contains("--resume"))
        {
            tokens.Add("--resume");
        }
        if (sweepIndex is { } at && parse.GetValue(index) is null)
        {
            tokens.AddRange(["--index", at.ToString(CultureInfo.InvariantCulture)]);
        }

        string signal = context.StopSignal ?? "a stop request";
        context.Error.WriteLine($"Stopped by {signal}. Checkpoint: {checkpoint}");
        context.Error.WriteLine("Continue with: metaharmony "
            + string.Join(' ', tokens.Select(Quote)));
        return context.StopSignal == "SIGTERM" ? CliApp.Terminated : CliApp.Interrupted;
    }

    static string LastGood(string checkpoint)
    {
        try
        {
            return File.Exists(checkpoint)
                ? "The last good checkpoint (iteration "
                  + $"{CheckpointFile.Load(checkpoint).Iteration}) is kept at {checkpoint}."
                : "No checkpoint was written before it; lower --checkpoint-every to keep one.";
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    void Summarize(RunRecord record, string folder)
    {
        var write = context.Output;
        if (record.Evaluation is { } test)
        {
            write.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"test accuracy {100 * test.Mean:F2} ± {100 * test.HalfWidth:F2} % "
                + $"({test.Accuracies.Count} episodes, 95% CI) | GCI over the last 10%: "
                + $"{record.MeanOverLast(r => r.ConflictIndex):G4} (normalised "
                + $"{record.MeanOverLast(r => r.ConflictIndexNormalized):F3}) | "
                + $"{record.TrainingSeconds:F1} s of training"));
        }
        write.WriteLine($"record: {folder}");
    }

    int TerminalWidth()
    {
        if (!context.Interactive)
        {
            return 100;
        }

        try
        {
            return Console.WindowWidth > 0 ? Console.WindowWidth : 100;
        }
        catch (IOException)
        {
            return 100;
        }
    }

    static string Quote(string token) =>
        token.Length > 0 && token.All(c => char.IsLetterOrDigit(c) || "-_=./:,+".Contains(c))
            ? token : "'" + token.Replace("'", "'\\''", StringComparison.Ordinal) + "'";
}
