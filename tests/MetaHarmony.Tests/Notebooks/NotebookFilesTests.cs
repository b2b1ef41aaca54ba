using System.Text.Json.Nodes;

namespace MetaHarmony.Tests.Notebooks;

/// <summary>The committed notebooks: C# kernel metadata, and no outputs.</summary>
public sealed class NotebookFilesTests
{
    public static TheoryData<string> Notebooks() =>
        [.. Directory.GetFiles(Path.Combine(TestPaths.RepositoryRoot, "notebooks"), "*.ipynb")
            .Select(path => Path.GetFileName(path)!).Order(StringComparer.Ordinal)];

    static JsonObject Read(string name) => JsonNode.Parse(File.ReadAllText(
        Path.Combine(TestPaths.RepositoryRoot, "notebooks", name)))!.AsObject();

    [Fact]
    public void ThereAreNotebooks() => Assert.NotEmpty(Notebooks());

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void UsesTheDotNetInteractiveCSharpKernel(string name)
    {
        var metadata = Read(name)["metadata"]!;

        Assert.Equal(".net-csharp", (string?)metadata["kernelspec"]?["name"]);
        Assert.Equal("C#", (string?)metadata["kernelspec"]?["language"]);
        Assert.Equal("C#", (string?)metadata["language_info"]?["name"]);
        Assert.Equal("csharp",
            (string?)metadata["polyglot_notebook"]?["kernelInfo"]?["defaultKernelName"]);
        var code = Cells(name, "code");
        Assert.NotEmpty(code);
        Assert.All(code, cell => Assert.Equal("csharp",
            (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"]));
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void IsCommittedWithoutOutputs(string name)
    {
        Assert.All(Cells(name, "code"), cell =>
        {
            Assert.Empty(cell["outputs"]!.AsArray());
            Assert.Null(cell["execution_count"]);
        });
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void StartsTheKitInItsFirstCodeCell(string name)
    {
        string first = string.Concat(Cells(name, "code")[0]["source"]!.AsArray()
            .Select(line => (string?)line));

        Assert.Contains("#r \"../artifacts/notebooks/MetaHarmony.Notebooks.dll\"", first,
            StringComparison.Ordinal);
        Assert.Contains($"NotebookKit.Start(\"{Path.GetFileNameWithoutExtension(name)}\")", first,
            StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void SaysWhatEachCodeCellDoesInAMarkdownCellBeforeIt(string name)
    {
        var cells = Read(name)["cells"]!.AsArray().OfType<JsonObject>().ToList();

        var unexplained = cells.Select((cell, i) => (cell, i))
            .Where(x => (string?)x.cell["cell_type"] == "code"
                && (x.i == 0 || (string?)cells[x.i - 1]["cell_type"] != "markdown"))
            .Select(x => x.i)
            .ToList();

        Assert.Empty(unexplained);
    }

    [Theory]
    [MemberData(nameof(Notebooks))]
    public void KeepsItsParametersInOneExperimentPlanAtTheQuickPreset(string name)
    {
        var code = Cells(name, "code").Select(Source).ToList();

        var parameters = Assert.Single(code, c => c.Contains("new ExperimentPlan",
            StringComparison.Ordinal));
        Assert.Same(parameters, code[1]);
        Assert.Contains("Preset = Presets.Quick,", parameters, StringComparison.Ordinal);
        Assert.Contains("Presets.PaperMiniImageNet", parameters, StringComparison.Ordinal);
        Assert.Contains("}.WithOverrides();", parameters, StringComparison.Ordinal);
        Assert.Contains("Shots = [1, 5],", parameters, StringComparison.Ordinal);
    }

    static string Source(JsonObject cell) =>
        string.Concat(cell["source"]!.AsArray().Select(line => (string?)line));

    static List<JsonObject> Cells(string name, string type) =>
        [.. Read(name)["cells"]!.AsArray().OfType<JsonObject>()
            .Where(c => (string?)c["cell_type"] == type)];
}
