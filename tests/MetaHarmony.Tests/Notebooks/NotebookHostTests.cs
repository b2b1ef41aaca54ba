using System.Text.Json.Nodes;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>
/// The data notebook in a real notebook host (dotnet-repl, from the tool manifest), which
/// brings its own FSharp.Core 10.0: the in-process runner cannot show that the kit's
/// FSharp.Core handling works there.
/// </summary>
public sealed class NotebookHostTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("metaharmony-host-").FullName;

    static readonly Dictionary<string, string?> NoChanges = [];

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void DotnetReplRunsTheDataNotebookWithChartsAndFrames()
    {
        string notebooks = Path.Combine(TestPaths.RepositoryRoot, "notebooks");
        Assert.Equal(0, DotnetProcess.Run(notebooks, NoChanges, "tool", "restore").ExitCode);
        string executed = Path.Combine(output, "00-data.ipynb");

        var run = DotnetProcess.Run(notebooks,
            new Dictionary<string, string?>
            {
                ["METAHARMONY_OVERRIDES"] = "preset=smoke",
                ["METAHARMONY_PNG"] = "0",
                ["METAHARMONY_RESULTS"] = output,
                ["METAHARMONY_THREADS"] = "1",
            },
            "dotnet-repl", "--run", "00-data.ipynb", "--exit-after-run",
            "--output-path", executed, "--output-format", "ipynb");

        Assert.True(run.ExitCode == 0, run.Output + run.Error);
        var outputs = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        string all = string.Concat(outputs.Select(o => o!.ToJsonString()));
        Assert.Contains("metaharmony-table", all, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", all, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "figures", "00-data",
            "train-classes.html")));
    }
}
