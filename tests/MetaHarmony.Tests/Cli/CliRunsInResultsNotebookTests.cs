using MetaHarmony.Experiments;
using MetaHarmony.Tests.Fixtures;
using MetaHarmony.Tests.Notebooks;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>
/// What the command line trains, the results notebook shows: runs made by <c>metaharmony run</c>
/// are the runs that <c>04-results</c> looks up by their configuration.
/// </summary>
public sealed class CliRunsInResultsNotebookTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void TheResultsNotebookRendersRunsTheCommandLineTrainedAtTheSmokePreset()
    {
        string results = folder["results"];
        foreach (string variant in new[] { "maml", "full" })
        {
            var run = Run("run", "--preset", "smoke", "--variant", variant, "--shots", "1",
                "--device", "cpu", "--output", results, "--log-interval", "600");
            Assert.True(run.ExitCode == 0, run.ToString());
        }
        var summary = Run("summarize", results);
        Assert.True(summary.ExitCode == 0, summary.ToString());

        var outcome = NotebookRunner.Run("04", "--preset", "smoke", "--results", results,
            "--no-png");

        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        string table = File.ReadAllText(Path.Combine(results, "tables", "04-results",
            "results.csv"));
        var rows = table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
            .Select(line => line.Split(',')).ToList();
        Assert.Equal(["maml", "full"], rows.Select(r => r[0]));

        // The 1-shot accuracies are the records' own, in percent.
        var stored = new ResultStore(results).LoadAll().ToDictionary(
            r => r.Record.Description.Variant, r => r.Record.Evaluation!.Mean);
        foreach (var row in rows)
        {
            double shown = double.Parse(row[1], System.Globalization.CultureInfo.InvariantCulture);
            Assert.Equal(100 * stored[row[0]], shown, 6);
        }
    }
}
