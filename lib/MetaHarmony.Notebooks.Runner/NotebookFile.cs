using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.DotNet.Interactive.Documents;

namespace MetaHarmony.Notebooks.Runner;

/// <summary>
/// An .ipynb file read as JSON, so that writing it back keeps its metadata, cell ids and
/// markdown exactly as they were; only code cells' outputs and execution counts change.
/// </summary>
internal sealed class NotebookFile
{
    readonly JsonObject root;

    NotebookFile(JsonObject root, IReadOnlyList<JsonObject> codeCells)
    {
        this.root = root;
        CodeCells = codeCells;
    }

    /// <summary>The code cells with something in them, in order.</summary>
    public IReadOnlyList<JsonObject> CodeCells { get; }

    public static NotebookFile Read(string path)
    {
        var root = JsonNode.Parse(File.ReadAllText(path)) as JsonObject
            ?? throw new InvalidDataException($"{path} is not a notebook (no JSON object).");
        var cells = root["cells"] as JsonArray
            ?? throw new InvalidDataException($"{path} has no cells.");
        var code = cells.OfType<JsonObject>()
            .Where(c => (string?)c["cell_type"] == "code" && Source(c).Trim().Length > 0)
            .ToList();
        return new NotebookFile(root, code);
    }

    /// <summary>A cell's source as one string (the format allows a string or lines).</summary>
    public static string Source(JsonObject cell) => cell["source"] switch
    {
        JsonArray lines => string.Concat(lines.Select(l => (string?)l)),
        JsonValue text => (string?)text ?? "",
        _ => "",
    };

    /// <summary>The language a cell is marked with; C# when unmarked.</summary>
    public static string Language(JsonObject cell) =>
        (string?)cell["metadata"]?["polyglot_notebook"]?["kernelName"]
        ?? (string?)cell["metadata"]?["dotnet_interactive"]?["language"]
        ?? "csharp";

    /// <summary>Sets a cell's outputs and execution count from the kernel's.</summary>
    public static void SetOutputs(JsonObject cell, IEnumerable<InteractiveDocumentOutputElement>
        outputs, int executionCount)
    {
        cell["execution_count"] = executionCount;
        cell["outputs"] = new JsonArray(outputs.Select(o => Output(o, executionCount))
            .ToArray<JsonNode?>());
    }

    public string ToJson() =>
        root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";

    static JsonObject Output(InteractiveDocumentOutputElement output, int executionCount) =>
        output switch
        {
            ReturnValueElement value => new JsonObject
            {
                ["output_type"] = "execute_result",
                ["data"] = Data(value.Data),
                ["metadata"] = new JsonObject(),
                ["execution_count"] = executionCount,
            },
            DisplayElement display => new JsonObject
            {
                ["output_type"] = "display_data",
                ["data"] = Data(display.Data),
                ["metadata"] = new JsonObject(),
            },
            TextElement text => new JsonObject
            {
                ["output_type"] = "stream",
                ["name"] = text.Name,
                ["text"] = text.Text,
            },
            ErrorElement error => new JsonObject
            {
                ["output_type"] = "error",
                ["ename"] = error.ErrorName,
                ["evalue"] = error.ErrorValue,
                ["traceback"] = new JsonArray(error.StackTrace.Select(l => (JsonNode?)l)
                    .ToArray()),
            },
            _ => throw new ArgumentException($"Unknown output {output.GetType().Name}."),
        };

    static JsonObject Data(IDictionary<string, object> data) =>
        new(data.Select(d => KeyValuePair.Create(d.Key, (JsonNode?)(d.Value?.ToString() ?? ""))));
}
