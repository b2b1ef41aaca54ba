using System.Diagnostics;
using System.Text.Json.Nodes;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>
/// The demo notebook in a real notebook host (dotnet-repl, from the tool manifest), which
/// brings its own FSharp.Core 10.0: the in-process runner cannot show that the kit's
/// FSharp.Core handling works there.
/// </summary>
public sealed class NotebookHostTests : IDisposable
{
    readonly string output = Directory.CreateTempSubdirectory("metaharmony-host-").FullName;

    public void Dispose() => Directory.Delete(output, recursive: true);

    [Fact]
    public void DotnetReplRunsTheDemoNotebookWithChartsAndFrames()
    {
        string notebooks = Path.Combine(TestPaths.RepositoryRoot, "notebooks");
        Assert.Equal(0, Dotnet(notebooks, [], "tool", "restore").ExitCode);
        string executed = Path.Combine(output, "00-data.ipynb");

        var run = Dotnet(notebooks,
            new()
            {
                ["METAHARMONY_OVERRIDES"] = "preset=smoke",
                ["METAHARMONY_PNG"] = "0",
                ["METAHARMONY_RESULTS"] = output,
            },
            "dotnet-repl", "--run", "00-data.ipynb", "--exit-after-run",
            "--output-path", executed, "--output-format", "ipynb");

        Assert.True(run.ExitCode == 0, run.Output);
        var outputs = JsonNode.Parse(File.ReadAllText(executed))!["cells"]!.AsArray()
            .SelectMany(c => c!["outputs"]?.AsArray() ?? [])
            .ToList();
        Assert.DoesNotContain(outputs, o => (string?)o!["output_type"] == "error");
        string all = string.Concat(outputs.Select(o => o!.ToJsonString()));
        Assert.Contains("metaharmony-table", all, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", all, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(output, "figures", "00-data", "accuracy.html")));
    }

    static (int ExitCode, string Output) Dotnet(string folder,
        Dictionary<string, string> environment, params string[] arguments)
    {
        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = folder,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromMinutes(4)))
        {
            process.Kill(entireProcessTree: true);
            Assert.Fail($"dotnet {string.Join(' ', arguments)} took over 4 minutes.");
        }
        return (process.ExitCode, stdout.Result + stderr.Result);
    }
}
