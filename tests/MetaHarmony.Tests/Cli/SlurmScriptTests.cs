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

    (int ExitCode, string Output) Task(string sweep, int index)
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
        start.Environment["METAHARMONY_ARGS"] = "--checkpoint-every 2";

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(3)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"Array task {index} took over 3 minutes.");
        }
        return (process.ExitCode, output.Result + error.Result);
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
}
