using System.Globalization;
using System.Net;
using System.Reflection;
using System.Runtime.CompilerServices;
using System.Text;
using Deedle;
using MetaHarmony.Experiments;
using MetaHarmony.Reporting;
using MetaHarmony.Runtime;
using Microsoft.DotNet.Interactive.Formatting;
using Plotly.NET;

namespace MetaHarmony.Notebooks;

/// <summary>
/// How the kit's values look in a notebook: frames as tables (not a megabyte object tree),
/// charts drawn offline, run records as short summaries. Kept apart from
/// <see cref="NotebookKit"/> so that no F# type is touched before the kit's FSharp.Core is
/// resolvable.
/// </summary>
internal static class KitFormatters
{
    const string Html = "text/html";
    const string Plain = "text/plain";

    /// <summary>Rows a frame shows before the rest is summarised in one line.</summary>
    public const int MaxRows = 60;

    [MethodImpl(MethodImplOptions.NoInlining)]
    public static void Register()
    {
        Formatter.Register(typeof(Frame<,>), (value, writer) => writer.Write(FrameHtml(value)),
            Html);
        Formatter.Register(typeof(Frame<,>), (value, writer) =>
            writer.Write(FrameTable(value).ToMarkdown()), Plain);
        Formatter.Register<ResultsTable>((table, writer) => writer.Write(TableHtml(table)), Html);
        Formatter.Register<ResultsTable>((table, writer) => writer.Write(table.ToMarkdown()),
            Plain);
        Formatter.Register<GenericChart>((chart, writer) =>
            writer.Write(NotebookPlotly.ToHtml(chart)), Html);
        Formatter.Register<RunRecord>((run, writer) => writer.Write(RunsHtml([run])), Html);
        Formatter.Register<RunRecord>((run, writer) => writer.Write(Summary(run)), Plain);
        Formatter.Register<IEnumerable<RunRecord>>((runs, writer) =>
            writer.Write(RunsHtml([.. runs])), Html);
        Formatter.Register<ExperimentPlan>((plan, writer) =>
            writer.Write(PlanSummary.Of(plan).ToHtml()), Html);
        Formatter.Register<ExperimentPlan>((plan, writer) =>
            writer.Write(PlanSummary.Of(plan).ToMarkdown()), Plain);
        Formatter.Register<ProgressView>((view, writer) => writer.Write(view.ToHtml()), Html);
        Formatter.Register<ProgressView>((view, writer) => writer.Write(view.ToString()), Plain);
        Formatter.Register<RuntimeInfo>((info, writer) =>
            writer.Write($"<code>{WebUtility.HtmlEncode(info.ToString())}</code>"), Html);
        Formatter.Register<RuntimeInfo>((info, writer) => writer.Write(info.ToString()), Plain);
    }

    /// <summary>A frame of any key types as an HTML table, long ones cut.</summary>
    public static string FrameHtml(object frame)
    {
        var table = FrameTable(frame);
        if (table.Rows.Count <= MaxRows)
        {
            return table.ToHtml();
        }

        var head = table with { Rows = table.Rows.Take(MaxRows - 10).ToList() };
        return head.ToHtml() + $"<p>… {table.Rows.Count - head.Rows.Count} more rows "
            + $"({table.Rows.Count} in all, {table.Header.Count - 1} columns)</p>";
    }

    static TextTable FrameTable(object frame)
    {
        var keys = frame.GetType().GetGenericArguments();
        var read = typeof(TextTable).GetMethod(nameof(TextTable.FromFrame))!
            .MakeGenericMethod(keys);
        try
        {
            return (TextTable)read.Invoke(null, [frame, ""])!;
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    static string TableHtml(ResultsTable table)
    {
        var html = new StringBuilder(
            TextTable.FromFrame(table.ToFrame(), "configuration").ToHtml());
        if (table.Notes.Count > 0)
        {
            html.Append("<ul>");
            foreach (string note in table.Notes)
            {
                html.Append("<li>").Append(WebUtility.HtmlEncode(note)).Append("</li>");
            }
            html.Append("</ul>");
        }
        return html.ToString();
    }

    /// <summary>"full 5-way 1-shot seed 0: 300 iterations, 48.70 ± 1.84 %, GCI 0.123".</summary>
    public static string Summary(RunRecord run)
    {
        var evaluation = run.Evaluation is { } e
            ? ConfidenceIntervals.Of(e).Percent() + " %"
            : "not evaluated";
        string gci = run.MeanOverLast(i => i.ConflictIndex)
            .ToString("G3", CultureInfo.InvariantCulture);
        return $"{run.Description.Label}: {run.Iterations.Count} iterations, {evaluation}, "
            + $"GCI {gci} (last 10%), {run.TrainingSeconds:F0} s";
    }

    static string RunsHtml(IReadOnlyList<RunRecord> runs)
    {
        var rows = runs.Select(r => (IReadOnlyList<string>)
        [
            r.Description.Label, r.Description.Aggregator, r.Description.Schedule,
            r.Iterations.Count.ToString(CultureInfo.InvariantCulture),
            r.Evaluation is { } e ? ConfidenceIntervals.Of(e).Percent() : "n/a",
            r.MeanOverLast(i => i.ConflictIndex).ToString("G3", CultureInfo.InvariantCulture),
            r.TrainingSeconds.ToString("F0", CultureInfo.InvariantCulture),
            r.RunId,
        ]).ToList();
        return new TextTable(
            ["run", "aggregator", "schedule", "iterations", "acc. (%)", "GCI (last 10%)",
             "train s", "id"], rows).ToHtml();
    }
}
