using Microsoft.DotNet.Interactive.Documents;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaHarmony.Notebooks.Runner;

/// <summary>
/// Turns one cell's kernel events into notebook outputs, the way a notebook front end shows
/// them: an updated display replaces the output it updates; consecutive console text joins.
/// </summary>
internal sealed class CellOutputs
{
    readonly List<InteractiveDocumentOutputElement> outputs = [];
    readonly Dictionary<string, int> displays = [];

    /// <summary>The outputs in order.</summary>
    public IReadOnlyList<InteractiveDocumentOutputElement> Outputs => outputs;

    /// <summary>The error that failed the cell, if one did.</summary>
    public string? Error { get; private set; }

    /// <summary>Fails the cell before it runs, with <paramref name="message"/>.</summary>
    public void Fail(string message)
    {
        Error = message;
        outputs.Add(new ErrorElement(message, "Error", []));
    }

    /// <summary>Adds what <paramref name="e"/> shows; other events are ignored.</summary>
    public void Add(KernelEvent e, int executionOrder)
    {
        switch (e)
        {
            // ErrorProduced derives from DisplayEvent: it must be matched first.
            case ErrorProduced error:
                outputs.Add(new ErrorElement(error.Message, "Error", []));
                break;
            case CommandFailed failed:
                Error = failed.Message;
                outputs.Add(new ErrorElement(failed.Message,
                    failed.Exception?.GetType().Name ?? "Error",
                    failed.Exception?.StackTrace?.Split('\n') ?? []));
                break;
            case StandardOutputValueProduced output:
                AddText(Text(output.FormattedValues), "stdout");
                break;
            case StandardErrorValueProduced error:
                AddText(Text(error.FormattedValues), "stderr");
                break;
            case ReturnValueProduced value:
                var element = new ReturnValueElement { ExecutionOrder = executionOrder };
                foreach (var (mimeType, data) in Data(value.FormattedValues))
                {
                    element.Data[mimeType] = data;
                }
                outputs.Add(element);
                break;
            case DisplayedValueUpdated update when update.ValueId is not null
                && displays.TryGetValue(update.ValueId, out int index):
                outputs[index] = new DisplayElement(Data(update.FormattedValues));
                break;
            case DisplayEvent display:
                if (display.ValueId is not null)
                {
                    displays[display.ValueId] = outputs.Count;
                }
                outputs.Add(new DisplayElement(Data(display.FormattedValues)));
                break;
        }
    }

    void AddText(string text, string stream)
    {
        if (outputs.Count > 0 && outputs[^1] is TextElement last && last.Name == stream)
        {
            outputs[^1] = new TextElement(last.Text + text, stream);
            return;
        }
        outputs.Add(new TextElement(text, stream));
    }

    static Dictionary<string, object> Data(IEnumerable<FormattedValue> values) =>
        values.Where(v => !v.SuppressDisplay)
            .GroupBy(v => v.MimeType)
            .ToDictionary(g => g.Key, g => (object)g.First().Value);

    static string Text(IEnumerable<FormattedValue> values) =>
        values.FirstOrDefault(v => v.MimeType == "text/plain")?.Value
        ?? values.FirstOrDefault()?.Value ?? "";
}
