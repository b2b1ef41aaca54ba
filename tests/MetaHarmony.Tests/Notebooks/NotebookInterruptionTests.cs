using System.Diagnostics;
using System.Text.Json.Nodes;
using MetaHarmony.Experiments;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>
/// A notebook run that is killed, or whose results folder is deleted under it, leaves nothing
/// that a later run reads back as a finished result; a later run reuses only complete runs.
/// The baseline notebook runs at the smoke preset with 1-shot only: two runs, maml then full.
/// </summary>
public sealed class NotebookInterruptionTests : IDisposable
{
    static readonly string[] SmokeBaseline =
        ["01-baseline", "--preset", "smoke", "--set", "Shots=1", "--no-png"];

    readonly string results = Directory.CreateTempSubdirectory("metaharmony-interrupt-").FullName;

    string RunsFolder => Path.Combine(results, "runs");

    public void Dispose()
    {
        if (Directory.Exists(results))
        {
            Directory.Delete(results, recursive: true);
        }
    }

    [Fact]
    public void AKilledRunLeavesOnlyFinishedRunsAndTheNextRunReusesThem()
    {
        using (var running = NotebookRunner.Start([.. SmokeBaseline, "--results", results]))
        {
            WaitForFinishedRuns(running, 1);
            running.Kill();
        }

        // Whatever the kill interrupted is either absent or hidden; what is visible is whole.
        var visible = VisibleRunFolders();
        var finished = new ResultStore(results).LoadAll();
        Assert.Equal(visible.Count, finished.Count);
        Assert.InRange(finished.Count, 1, 2);
        Assert.All(finished, AssertComplete);
        if (finished.Count < 2)
        {
            Assert.False(File.Exists(Path.Combine(results, "tables", "01-baseline",
                "results.csv")), "a results table was written before training ended");
        }
        var stamps = finished.ToDictionary(r => r.Record.RunId,
            r => File.GetLastWriteTimeUtc(Path.Combine(r.Folder, "run.json")));

        var rerun = NotebookRunner.Run([.. SmokeBaseline, "--results", results]);

        Assert.True(rerun.ExitCode == 0, rerun.Output + rerun.Error);
        Assert.Contains($"{finished.Count} of 2 runs read back", ExecutedText(),
            StringComparison.Ordinal);
        var after = new ResultStore(results).LoadAll();
        Assert.Equal(2, after.Count);
        Assert.All(after, AssertComplete);
        Assert.All(stamps, s => Assert.Equal(s.Value,
            File.GetLastWriteTimeUtc(Path.Combine(RunsFolder, s.Key, "run.json"))));
    }

    [Fact]
    public void DeletingTheResultsFolderMidRunLosesOnlyWhatWasDeleted()
    {
        using var running = NotebookRunner.Start([.. SmokeBaseline, "--results", results]);
        WaitForFinishedRuns(running, 1);
        Directory.Delete(results, recursive: true);
        var outcome = running.Finish();

        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        var finished = new ResultStore(results).LoadAll();
        Assert.Equal(VisibleRunFolders().Count, finished.Count);
        Assert.All(finished, AssertComplete);
        Assert.Contains(finished, r => r.Record.Description.Variant == "full");
        Assert.Empty(Directory.GetFiles(results, "*.tmp", SearchOption.AllDirectories));
        Assert.Empty(Directory.GetDirectories(RunsFolder, ".*"));
    }

    /// <summary>A run as the store reads it back: a full log and every test episode.</summary>
    static void AssertComplete(StoredRun run)
    {
        Assert.Equal(run.Config.Iterations, run.Record.Iterations.Count);
        Assert.NotNull(run.Record.Evaluation);
        Assert.Equal(run.Config.EvaluationEpisodes, run.Record.Evaluation.Accuracies.Count);
    }

    List<string> VisibleRunFolders() => Directory.Exists(RunsFolder)
        ? [.. Directory.GetDirectories(RunsFolder).Where(d => !Path.GetFileName(d)
            .StartsWith('.'))]
        : [];

    string ExecutedText() => string.Concat(JsonNode.Parse(File.ReadAllText(
            Path.Combine(results, "notebooks", "01-baseline.ipynb")))!["cells"]!.AsArray()
        .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
        .Select(o => o!.ToJsonString()));

    void WaitForFinishedRuns(DotnetProcess.Running running, int count)
    {
        var clock = Stopwatch.StartNew();
        while (VisibleRunFolders().Count < count)
        {
            if (running.HasExited || clock.Elapsed > TimeSpan.FromMinutes(3))
            {
                var outcome = running.Finish();
                Assert.Fail($"No finished run appeared: {outcome.Output}{outcome.Error}");
            }
            Thread.Sleep(50);
        }
    }
}
