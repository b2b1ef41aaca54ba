using System.Text.Json.Nodes;

namespace MetaHarmony.Tests.Notebooks;

public sealed class NotebookRunnerTests : IDisposable
{
    readonly string results = Directory.CreateTempSubdirectory("metaharmony-results-").FullName;

    public void Dispose() => Directory.Delete(results, recursive: true);

    static List<JsonObject> CodeCells(string path) =>
        [.. JsonNode.Parse(File.ReadAllText(path))!["cells"]!.AsArray().OfType<JsonObject>()
            .Where(c => (string?)c["cell_type"] == "code")];

    static string Text(JsonNode? output) => output?["data"] is JsonObject data
        ? string.Concat(data.Select(d => d.Value is JsonArray lines
            ? string.Concat(lines.Select(l => (string?)l)) : (string?)d.Value))
        : (string?)output?["text"] ?? "";

    static List<JsonNode> Outputs(JsonObject cell) =>
        [.. cell["outputs"]!.AsArray().OfType<JsonNode>()];

    static string AllText(string executed) =>
        string.Concat(CodeCells(executed).SelectMany(Outputs).Select(Text));

    /// <summary>
    /// Every notebook, in one runner process, at the smoke preset: the way CI runs them. PNGs
    /// are left out here (FigureExporterTests cover them); everything else is what the main
    /// job writes.
    /// </summary>
    [Fact]
    public void RunsEveryNotebookAtTheSmokePresetAndSavesTheirResults()
    {
        var outcome = NotebookRunner.Run("--preset", "smoke", "--results", results, "--no-png");

        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        string[] notebooks = [.. Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot,
            "notebooks"), "*.ipynb").Select(Path.GetFileNameWithoutExtension).Order()!];
        Assert.Equal(["00-data", "01-baseline", "02-ablation-attention",
            "03-ablation-explore-exploit", "04-results"], notebooks);
        foreach (string name in notebooks)
        {
            Assert.Matches($@"{name}\s+ok\s+(\d+)/\1\s", outcome.Output);
            string executed = Path.Combine(results, "notebooks", name + ".ipynb");
            var outputs = CodeCells(executed).SelectMany(Outputs).ToList();
            Assert.DoesNotContain(outputs, o => (string?)o["output_type"] == "error");
            Assert.Contains("Parameters overridden by the runner: preset=smoke",
                AllText(executed), StringComparison.Ordinal);
        }

        // Five configurations at 1 and 5 shots, each trained once: 02 and 03 read back the
        // full method's runs that 01 saved.
        var runs = new MetaHarmony.Experiments.ResultStore(results).LoadAll();
        Assert.Equal(
            ["full 1", "full 5", "hierarchical 1", "hierarchical 5", "maml 1", "maml 5",
             "multi-head 1", "multi-head 5", "no-ee 1", "no-ee 5"],
            runs.Select(r => $"{r.Record.Description.Variant} {r.Record.Description.Shots}"));
        Assert.Contains("2 of 6 runs read back", AllText(Path.Combine(results, "notebooks",
            "02-ablation-attention.ipynb")), StringComparison.Ordinal);
        Assert.Contains("2 of 4 runs read back", AllText(Path.Combine(results, "notebooks",
            "03-ablation-explore-exploit.ipynb")), StringComparison.Ordinal);

        // Training shows one progress display that updates in place, ending at the last run.
        var training = CodeCells(Path.Combine(results, "notebooks", "01-baseline.ipynb"))
            .Single(c => NotebookSource(c).Contains("kit.Run(plan)", StringComparison.Ordinal));
        var progress = Outputs(training)
            .Where(o => Text(o).Contains("metaharmony-progress", StringComparison.Ordinal))
            .ToList();
        Assert.Single(progress);
        Assert.Contains("full 5-way 5-shot seed 0 | evaluate 10/10", Text(progress[0]),
            StringComparison.Ordinal);

        // The combined table has every configuration, both shot counts and the differences.
        string table = File.ReadAllText(Path.Combine(results, "tables", "04-results",
            "results.csv"));
        Assert.StartsWith("configuration,\"1-shot acc. (%)\",", table, StringComparison.Ordinal);
        Assert.Equal(["maml", "full", "multi-head", "hierarchical", "no-ee"],
            table.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1)
                .Select(line => line.Split(',')[0]));
        Assert.Contains("5-shot diff (pp)", table, StringComparison.Ordinal);
        foreach (string name in notebooks.Skip(1).SkipLast(1))
        {
            foreach (string figure in new[] { "accuracy", "gci", "gci-per-layer",
                "training-curves", "attention-weights" })
            {
                string html = File.ReadAllText(Path.Combine(results, "figures", name,
                    figure + ".html"));
                Assert.Contains("plotly.js v", html, StringComparison.Ordinal);
                Assert.DoesNotContain("<script src=", html, StringComparison.OrdinalIgnoreCase);
            }
        }

        // 04-results draws its training figures once per shot count, and says which in the
        // title; only the accuracy bars show both shot counts together.
        string combined = Path.Combine(results, "figures", "04-results");
        foreach (int shots in new[] { 1, 5 })
        {
            foreach (string figure in new[] { "gci-normalized", "gci-per-layer",
                "training-curves", "harmonized-share", "attention-weights" })
            {
                string html = File.ReadAllText(Path.Combine(combined,
                    $"{figure}-{shots}shot.html"));
                Assert.Contains($"5-way {shots}-shot", html, StringComparison.Ordinal);
            }
        }
        Assert.Equal(11, Directory.GetFiles(combined, "*.html").Length);
        Assert.True(File.Exists(Path.Combine(combined, "accuracy.html")));
        Assert.True(File.Exists(Path.Combine(results, "figures", "00-data",
            "train-classes.html")));
        Assert.Empty(Directory.GetFiles(results, "*.tmp", SearchOption.AllDirectories));
    }

    static string NotebookSource(JsonObject cell) =>
        string.Concat(cell["source"]!.AsArray().Select(l => (string?)l));

    [Fact]
    public void StopsAtTheFirstFailingCellNamingItAndKeepsTheOutputs()
    {
        string notebook = Path.Combine(results, "broken.ipynb");
        File.WriteAllText(notebook, BrokenNotebook);

        var outcome = NotebookRunner.Run(notebook, "--results", results, "--no-png");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("notebook broken, code cell 2: ", outcome.Error, StringComparison.Ordinal);
        Assert.Contains("the second cell fails", outcome.Error, StringComparison.Ordinal);
        var cells = CodeCells(Path.Combine(results, "notebooks", "broken.ipynb"));
        Assert.Contains("one", Text(cells[0]["outputs"]![0]), StringComparison.Ordinal);
        Assert.Equal("error", (string?)cells[1]["outputs"]![0]!["output_type"]);
        Assert.Empty(cells[2]["outputs"]!.AsArray());
        Assert.Null(cells[2]["execution_count"]);
    }

    /// <summary>
    /// A cell whose kernel name is a number makes the runner itself throw, before the cell
    /// reaches the kernel: the cells before it still have their outputs on disk.
    /// </summary>
    [Fact]
    public void AnErrorInTheRunnerItselfKeepsTheOutputsOfTheCellsBeforeIt()
    {
        string notebook = Path.Combine(results, "runner-error.ipynb");
        var json = JsonNode.Parse(BrokenNotebook)!;
        json["cells"]![2]!["metadata"] = new JsonObject
        {
            ["polyglot_notebook"] = new JsonObject { ["kernelName"] = 5 },
        };
        File.WriteAllText(notebook, json.ToJsonString());

        var outcome = NotebookRunner.Run(notebook, "--results", results, "--no-png");

        Assert.Equal(1, outcome.ExitCode);
        Assert.Contains("FAILED: The runner failed at code cell 2 of 3 of notebook runner-error",
            outcome.Error, StringComparison.Ordinal);
        var cells = CodeCells(Path.Combine(results, "notebooks", "runner-error.ipynb"));
        Assert.Contains("one", Text(cells[0]["outputs"]![0]), StringComparison.Ordinal);
        var marker = Assert.Single(cells[1]["outputs"]!.AsArray())!;
        Assert.Equal("error", (string?)marker["output_type"]);
        Assert.Contains("runner failed here", marker.ToJsonString(), StringComparison.Ordinal);
        Assert.Empty(cells[2]["outputs"]!.AsArray());
    }

    [Fact]
    public void RejectsAnUnknownNotebookByName()
    {
        var outcome = NotebookRunner.Run("99-nothing", "--results", results);

        Assert.Equal(2, outcome.ExitCode);
        Assert.Contains("No notebook '99-nothing'", outcome.Error, StringComparison.Ordinal);
    }

    const string BrokenNotebook = """
        {
         "cells": [
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["Console.WriteLine(\"one\");"]},
          {"cell_type": "markdown", "metadata": {}, "source": ["between"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["throw new InvalidOperationException(\"the second cell fails\");"]},
          {"cell_type": "code", "execution_count": null, "metadata": {}, "outputs": [],
           "source": ["Console.WriteLine(\"three\");"]}
         ],
         "metadata": {"kernelspec": {"name": ".net-csharp", "language": "C#"}},
         "nbformat": 4, "nbformat_minor": 5
        }
        """;
}
