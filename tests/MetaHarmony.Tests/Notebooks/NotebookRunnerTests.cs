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

    [Fact]
    public void RunsTheDemoNotebookAtTheSmokePresetAndSavesItsResults()
    {
        var outcome = NotebookRunner.Run("00-data", "--preset", "smoke", "--results", results);

        Assert.True(outcome.ExitCode == 0, outcome.Output + outcome.Error);
        Assert.Matches(@"00-data\s+ok\s+7/7\s+2\s+1\s", outcome.Output);

        var cells = CodeCells(Path.Combine(results, "notebooks", "00-data.ipynb"));
        Assert.All(cells, cell => Assert.NotEmpty(cell["outputs"]!.AsArray()));
        Assert.DoesNotContain(cells.SelectMany(c => c["outputs"]!.AsArray()),
            o => (string?)o!["output_type"] == "error");

        // The override reached the parameters cell, and the progress display updated in place.
        Assert.Contains("Iterations = 40", Text(cells[1]["outputs"]![1]), StringComparison.Ordinal);
        var progress = cells[3]["outputs"]!.AsArray()
            .Where(o => Text(o).Contains("metaharmony-progress", StringComparison.Ordinal))
            .ToList();
        Assert.Single(progress);
        Assert.Contains("full 5-shot | train 40/40", Text(progress[0]), StringComparison.Ordinal);

        string figure = File.ReadAllText(Path.Combine(results, "figures", "00-data",
            "accuracy.html"));
        Assert.Contains("plotly.js v", figure, StringComparison.Ordinal);
        Assert.DoesNotContain("<script src=", figure, StringComparison.OrdinalIgnoreCase);
        string tables = Path.Combine(results, "tables", "00-data");
        Assert.StartsWith("configuration,\"1-shot acc. (%)\",",
            File.ReadAllText(Path.Combine(tables, "results.csv")), StringComparison.Ordinal);
        Assert.StartsWith("| configuration | 1-shot acc. (%) |",
            File.ReadAllText(Path.Combine(tables, "results.md")), StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(results, "*.tmp", SearchOption.AllDirectories));
    }

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
