using System.Buffers.Binary;
using MetaHarmony.Cli;
using MetaHarmony.Experiments;
using MetaHarmony.Reporting;
using MetaHarmony.Tests.Fixtures;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>
/// <c>run</c> and <c>summarize</c> end to end, in-process, at the smoke preset on the embedded
/// kanji (fewer instances per character and test episodes, to stay quick).
/// </summary>
public sealed class RunCommandTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    static string CheckpointOf(string results) =>
        Assert.Single(Directory.GetFiles(Path.Combine(results, "checkpoints"), "*.ckpt"));

    [Fact]
    public void ARunAtSmokeThenSummarizeGiveWhatTheResultsNotebookReads()
    {
        string results = folder["results"], board = folder["tensorboard"];

        var run = Invoke(SmokeRun(results, "--tensorboard", board, "--checkpoint-every", "5"));

        Assert.True(run.ExitCode == 0, run.ToString());
        Assert.StartsWith("TorchSharp cpu backend | device cpu", run.Output,
            StringComparison.Ordinal);
        Assert.Contains("train 12/12", run.Output, StringComparison.Ordinal);
        Assert.Contains("test accuracy", run.Output, StringComparison.Ordinal);
        Assert.Contains("checkpoint at iteration 10", run.Output, StringComparison.Ordinal);

        // The record, as the notebooks read it.
        var stored = Assert.Single(new ResultStore(results).LoadAll());
        Assert.Equal(12, stored.Record.Iterations.Count);
        Assert.Equal(4, stored.Record.Evaluation!.Accuracies.Count);
        Assert.Equal(6, stored.Config.Dataset.KanjiInstances);
        var table = ResultsTable.Build([stored.Record]);
        Assert.Contains("| full", table.ToMarkdown(), StringComparison.Ordinal);
        Assert.Equal(12, CheckpointFile.Load(CheckpointOf(results)).Iteration);

        var events = Assert.Single(Directory.GetFiles(board, "events.out.tfevents.*",
            SearchOption.AllDirectories));
        Assert.Equal(stored.Record.RunId, Path.GetFileName(Path.GetDirectoryName(events)));
        var scalars = Scalars(File.ReadAllBytes(events));
        Assert.Equal(stored.Record.Iterations.Select(r => (r.Iteration, (float)r.QueryLoss)),
            scalars.Where(s => s.Tag == "train/query_loss").Select(s => (s.Step, s.Value)));
        Assert.Equal(stored.Record.Iterations.Select(r => (float)r.ConflictIndexNormalized),
            scalars.Where(s => s.Tag == "gci/global_normalized").Select(s => s.Value));
        Assert.Equal(12, scalars.Count(s => s.Tag == "train/query_accuracy"));
        Assert.Equal(12, scalars.Count(s => s.Tag == "gci/global"));
        var accuracy = Assert.Single(scalars, s => s.Tag == "test/accuracy");
        Assert.Equal((float)stored.Record.Evaluation.Mean, accuracy.Value);

        var summary = Run("summarize", results);

        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Contains("## kanji, Conv4: 1 runs, seeds 0", summary.Output,
            StringComparison.Ordinal);
        Assert.Contains("| full", summary.Output, StringComparison.Ordinal);
        string tables = Path.Combine(results, "tables", "summarize");
        Assert.Equal(table.ToMarkdown(), File.ReadAllText(Path.Combine(tables, "kanji-conv4.md")));
        var csv = File.ReadAllLines(Path.Combine(tables, "kanji-conv4.csv"));
        Assert.StartsWith("configuration,\"1-shot acc. (%)\",\"1-shot acc. ci95 (%)\"",
            csv[0], StringComparison.Ordinal);
        Assert.StartsWith("full,", csv[1], StringComparison.Ordinal);

        var again = Invoke(SmokeRun(results));
        Assert.True(again.ExitCode == 0, again.ToString());
        Assert.Contains("already finished", again.Output, StringComparison.Ordinal);
        Assert.DoesNotContain("train 1/", again.Output, StringComparison.Ordinal);
    }

    [Fact]
    public void AStoppedRunResumesToTheParametersOfAnUninterruptedOne()
    {
        string straight = folder["straight"], stopped = folder["stopped"];
        var whole = Invoke(SmokeRun(straight, "--checkpoint-every", "0"));
        Assert.True(whole.ExitCode == 0, whole.ToString());

        // Ctrl+C right after the checkpoint of iteration 4 is reported.
        using var stop = new CancellationTokenSource();
        var output = new StopAfter("checkpoint at iteration 4 ", stop);
        var first = Invoke(SmokeRun(stopped, "--checkpoint-every", "4"), stop: stop.Token,
            output: output);

        Assert.True(first.ExitCode == CliApp.Interrupted, first.ToString());
        Assert.Contains("Stopped by SIGINT", first.Error, StringComparison.Ordinal);
        Assert.Contains("Continue with: metaharmony run --preset smoke", first.Error,
            StringComparison.Ordinal);
        Assert.Contains("--checkpoint-every 4 --resume", first.Error, StringComparison.Ordinal);
        Assert.Equal(4, CheckpointFile.Load(CheckpointOf(stopped)).Iteration);
        Assert.Empty(new ResultStore(stopped).LoadAll());

        var forgotten = Invoke(SmokeRun(stopped));
        Assert.Equal(CliApp.Failure, forgotten.ExitCode);
        Assert.Contains("has a checkpoint at iteration 4", forgotten.Error,
            StringComparison.Ordinal);

        var resumed = Invoke(SmokeRun(stopped, "--checkpoint-every", "4", "--resume"));

        Assert.True(resumed.ExitCode == 0, resumed.ToString());
        Assert.Contains("at iteration 4 from", resumed.Output, StringComparison.Ordinal);
        var a = CheckpointFile.Load(CheckpointOf(straight));
        var b = CheckpointFile.Load(CheckpointOf(stopped));
        Assert.Equal(12, b.Iteration);
        Assert.True(a.ParameterBytes.SequenceEqual(b.ParameterBytes), "parameters differ");
        Assert.True(a.OptimizerBytes.SequenceEqual(b.OptimizerBytes), "Adam's state differs");
        var recordA = Assert.Single(new ResultStore(straight).LoadAll()).Record;
        var recordB = Assert.Single(new ResultStore(stopped).LoadAll()).Record;
        Assert.Equal(recordA.Iterations.Select(r => r.QueryLoss),
            recordB.Iterations.Select(r => r.QueryLoss));
        Assert.Equal(recordA.Evaluation!.Accuracies, recordB.Evaluation!.Accuracies);
    }

    [Fact]
    public void AStoppedSweepTaskPrintsACommandThatContinuesItOutsideTheScheduler()
    {
        string sweep = folder["sweep.json"], results = folder["results"];
        File.WriteAllText(sweep, """
            { "Preset": "smoke", "Variants": ["maml"], "Shots": [1], "Seeds": [0, 1],
              "EvaluationEpisodes": 4 }
            """);
        var arrayTask = new Dictionary<string, string> { [SweepFile.ArrayIndexVariable] = "1" };

        using var stop = new CancellationTokenSource();
        var first = Invoke(["run", "--sweep", sweep, "--output", results, "--restart",
            "--checkpoint-every", "4", "--log-interval", "600"], arrayTask, stop.Token,
            new StopAfter("checkpoint at iteration 4 ", stop));

        Assert.True(first.ExitCode == CliApp.Interrupted, first.ToString());
        string line = first.Error.Split('\n').Single(l => l.StartsWith("Continue with: ",
            StringComparison.Ordinal));
        string[] continued = line["Continue with: metaharmony ".Length..].Trim().Split(' ');
        Assert.DoesNotContain("--restart", continued);
        Assert.Equal(["--resume", "--index", "1"], continued[^3..]);

        // Run as printed, with no scheduler variable, it finishes the same sweep run.
        var second = Invoke(continued);
        Assert.True(second.ExitCode == 0, second.ToString());
        Assert.Contains("at iteration 4 from", second.Output, StringComparison.Ordinal);
        var stored = Assert.Single(new ResultStore(results).LoadAll());
        Assert.Equal(1, stored.Config.Seed);
    }

    /// <summary>
    /// The scalars of a TensorBoard event file (tag, step, value), read as TFRecords: a
    /// length, its CRC, the serialized event, its CRC. Reading the whole file this way also
    /// checks its framing.
    /// </summary>
    static List<(string Tag, long Step, float Value)> Scalars(byte[] file)
    {
        var scalars = new List<(string, long, float)>();
        int at = 0;
        while (at < file.Length)
        {
            long length = BinaryPrimitives.ReadInt64LittleEndian(file.AsSpan(at));
            Assert.InRange(length, 1, file.Length - at - 16);
            var message = Tensorboard.Event.Parser.ParseFrom(file, at + 12, (int)length);
            if (message.Summary is not null)
            {
                scalars.AddRange(message.Summary.Value
                    .Select(v => (v.Tag, message.Step, v.SimpleValue)));
            }
            at += 12 + (int)length + 4;
        }
        Assert.Equal(file.Length, at);
        return scalars;
    }

    /// <summary>Output that asks the run to stop once a given text has been written.</summary>
    sealed class StopAfter(string text, CancellationTokenSource stop) : StringWriter
    {
        public override void WriteLine(string? value)
        {
            base.WriteLine(value);
            if (value?.Contains(text, StringComparison.Ordinal) == true)
            {
                stop.Cancel();
            }
        }
    }
}
