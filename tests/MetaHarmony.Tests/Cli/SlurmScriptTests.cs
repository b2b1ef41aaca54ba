using System.Diagnostics;
using MetaHarmony.Cli;
using MetaHarmony.Experiments;
using MetaHarmony.Tests.Fixtures;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>
/// The Slurm array script, run here task by task with SLURM_ARRAY_TASK_ID set as Slurm would
/// set it, each task a process of its own; then the sweep's status and its summary.
/// </summary>
public sealed class SlurmScriptTests : IDisposable
{
    const string Grid = """
        {
          "Preset": "smoke",
          "Variants": ["maml", "full"],
          "Shots": [1],
          "Seeds": [0, 1],
          "Iterations": 4,
          "EvaluationEpisodes": 4,
          "Dataset": { "Name": "kanji", "ImageSize": 16, "KanjiInstances": 6 }
        }
        """;

    static readonly string Script = Path.Combine(TestPaths.RepositoryRoot, "environment",
        "slurm", "metaharmony-array.sbatch");

    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    /// <summary>Starts the script as array task <paramref name="index"/> would run.</summary>
    Process Start(string sweep, int index, string extraArguments = "--checkpoint-every 2",
        IReadOnlyDictionary<string, string>? environment = null)
    {
        var start = new ProcessStartInfo("bash")
        {
            WorkingDirectory = folder.Path,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(Script);
        start.ArgumentList.Add(sweep);
        start.Environment["SLURM_ARRAY_TASK_ID"] = index.ToString(
            System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["METAHARMONY"] = Path.Combine(AppContext.BaseDirectory,
            "MetaHarmony.Cli");
        start.Environment["METAHARMONY_DEVICE"] = "cpu";
        start.Environment["METAHARMONY_ARGS"] = extraArguments;
        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }
        return Process.Start(start)!;
    }

    static void WaitFor(Process process, string what)
    {
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"{what} took over 3 minutes.");
        }
    }

    (int ExitCode, string Output) Task(string sweep, int index, string extraArguments =
        "--checkpoint-every 2")
    {
        using var process = Start(sweep, index, extraArguments);
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        WaitFor(process, $"Array task {index}");
        return (process.ExitCode, output.Result + error.Result);
    }

    /// <summary>
    /// Reads the task's output until a line contains <paramref name="text"/>, sends it
    /// <paramref name="signal"/>, and returns everything it printed once it has exited.
    /// </summary>
    static string SignalAfter(Process process, string text, string signal)
    {
        var error = process.StandardError.ReadToEndAsync();
        var output = new System.Text.StringBuilder();
        string? line;
        while ((line = process.StandardOutput.ReadLine()) is not null)
        {
            output.AppendLine(line);
            if (line.Contains(text, StringComparison.Ordinal))
            {
                Signal(process, signal);
                break;
            }
        }
        output.Append(process.StandardOutput.ReadToEnd());
        WaitFor(process, $"The task signalled with {signal}");
        return output + error.Result;
    }

    static void Signal(Process process, string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal,
            process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!;
        kill.WaitForExit();
    }

    [Fact]
    public void ATwoByTwoGridRunsTaskByTaskAndSummarizeAggregatesTheFourRuns()
    {
        string sweep = folder["grid.json"];
        File.WriteAllText(sweep, Grid);
        var configs = SweepFile.Load(sweep).Configs;
        Assert.Equal(4, configs.Count);

        for (int i = 0; i < configs.Count; i++)
        {
            var (code, output) = Task(sweep, i);
            Assert.True(code == 0, $"task {i}:\n{output}");
            Assert.Contains($"(run {i} of 4 in {sweep})", output, StringComparison.Ordinal);
            Assert.Contains(ResultStore.RunIdOf(configs[i]), output, StringComparison.Ordinal);
        }

        // Every run is in the store the script wrote to (results/ in its working folder).
        string results = folder["results"];
        var runs = new ResultStore(results).LoadAll();
        Assert.Equal(configs.Select(ResultStore.RunIdOf).Order(StringComparer.Ordinal),
            runs.Select(r => r.Record.RunId));
        var listing = Run("sweep", sweep, "--output", results);
        Assert.Equal(4, listing.Output.Split('\n').Count(l => l.TrimEnd().EndsWith(
            "finished", StringComparison.Ordinal)));

        var summary = Run("summarize", results);

        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Contains("## kanji, Conv4: 4 runs, seeds 0, 1", summary.Output,
            StringComparison.Ordinal);
        var csv = File.ReadAllLines(Path.Combine(results, "tables", "summarize",
            "kanji-conv4.csv"));
        int seeds = Array.IndexOf(csv[0].Split(','), "\"1-shot seeds\"");
        Assert.Equal(["maml", "full"], csv.Skip(1).Select(l => l.Split(',')[0]));
        Assert.All(csv.Skip(1), row => Assert.Equal("2", row.Split(',')[seeds]));

        var beyond = Task(sweep, 4);
        Assert.Equal(CliApp.Usage, beyond.ExitCode);
        Assert.Contains("has 4 runs, numbered 0 to 3", beyond.Output, StringComparison.Ordinal);
    }

    /// <summary>
    /// Slurm's warning before the time limit (SIGUSR1 to the script) stops the run with a
    /// checkpoint through its SIGTERM handler and requeues the task (scontrol is a stub that
    /// records its arguments); the requeued task resumes from the checkpoint and finishes.
    /// </summary>
    [Fact]
    public void ATaskWarnedOfItsTimeLimitCheckpointsRequeuesItselfAndResumes()
    {
        string sweep = folder["long.json"];
        File.WriteAllText(sweep, Grid.Replace("\"Iterations\": 4", "\"Iterations\": 5000",
            StringComparison.Ordinal));
        string bin = folder["bin"], calls = folder["scontrol-calls"];
        Directory.CreateDirectory(bin);
        File.WriteAllText(Path.Combine(bin, "scontrol"), $"#!/bin/sh\necho \"$@\" >> {calls}\n");
        if (!OperatingSystem.IsWindows())
        {
            // Only where files carry an executable bit does the stub need one.
            File.SetUnixFileMode(Path.Combine(bin, "scontrol"), UnixFileMode.UserRead
                | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
        var environment = new Dictionary<string, string>
        {
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
            ["SLURM_JOB_ID"] = "78", ["SLURM_ARRAY_JOB_ID"] = "77",
        };

        using var first = Start(sweep, 0, "--checkpoint-every 3 --log-interval 600",
            environment);
        string warned = SignalAfter(first, "checkpoint at iteration 3 ", "USR1");

        Assert.True(first.ExitCode == CliApp.Terminated, warned);
        Assert.Contains("SIGTERM received", warned, StringComparison.Ordinal);
        Assert.Contains("requeueing it to continue", warned, StringComparison.Ordinal);
        Assert.Equal(["requeue 77_0"], File.ReadAllLines(calls));
        string checkpoint = Assert.Single(Directory.GetFiles(
            Path.Combine(folder["results"], "checkpoints"), "*.ckpt"));
        long stoppedAt = CheckpointFile.Load(checkpoint).Iteration;
        Assert.InRange(stoppedAt, 3, 4999);

        // The requeued task picks the checkpoint up; a plain SIGTERM (scancel) then stops it
        // with a checkpoint again, but does not requeue it.
        using var again = Start(sweep, 0, "--checkpoint-every 0 --log-interval 600",
            environment);
        string cancelled = SignalAfter(again, $"at iteration {stoppedAt} from", "TERM");

        Assert.True(again.ExitCode == CliApp.Terminated, cancelled);
        Assert.Equal(["requeue 77_0"], File.ReadAllLines(calls));
        Assert.True(CheckpointFile.Load(checkpoint).Iteration >= stoppedAt, cancelled);
    }
}
