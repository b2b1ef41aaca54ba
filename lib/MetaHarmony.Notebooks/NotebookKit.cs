using MetaHarmony.Experiments;
using System.Net;
using System.Runtime.CompilerServices;
using Deedle;
using MetaHarmony.Reporting;
using MetaHarmony.Runtime;
using Microsoft.DotNet.Interactive;
using Plotly.NET;

namespace MetaHarmony.Notebooks;

/// <summary>
/// The kit inside a notebook. The first code cell references the built kit and starts it:
/// <code>
/// #r "../artifacts/notebooks/MetaHarmony.Notebooks.dll"
/// using MetaHarmony.Notebooks;
/// var kit = NotebookKit.Start("01-baseline");
/// </code>
/// Starting sets up libtorch (and shows one line about it), registers the formatters for
/// frames, charts and run records, and fixes where this notebook's figures and tables go.
/// </summary>
public sealed class NotebookKit
{
    NotebookKit(string notebook, RuntimeInfo runtime, ResultsFolders folders, bool png)
    {
        Notebook = notebook;
        Runtime = runtime;
        Folders = folders;
        Figures = new FigureExporter(folders.Figures, png);
        tableFigures = new FigureExporter(folders.Tables, png);
    }

    readonly FigureExporter tableFigures;

    /// <summary>Environment variable that turns PNG export off when set to 0.</summary>
    public const string PngVariable = "METAHARMONY_PNG";

    /// <summary>The notebook's name, which names its results folders.</summary>
    public string Notebook { get; }

    /// <summary>The tensor runtime in use.</summary>
    public RuntimeInfo Runtime { get; }

    /// <summary>Where figures and tables are saved.</summary>
    public ResultsFolders Folders { get; }

    /// <summary>Saves figures as self-contained HTML and, with Chromium, PNG.</summary>
    public FigureExporter Figures { get; }

    /// <summary>
    /// The finished runs under the results folder (results/runs/), shared by every notebook:
    /// a run one notebook trained is read back by the others instead of trained again.
    /// </summary>
    public ResultStore Store => new(Folders.Root);

    /// <summary>
    /// Starts the kit for the notebook <paramref name="notebook"/>: libtorch with
    /// <paramref name="runtime"/> (defaults when null), formatters, results folders.
    /// </summary>
    public static NotebookKit Start(string notebook, RuntimeOptions? runtime = null)
    {
        // Already done when the assembly loaded; repeated here so that the order is explicit.
        KitAssemblies.Install();
        var fsharp = KitAssemblies.FSharpCore();

        var folders = ResultsFolders.For(notebook);
        var info = TorchRuntime.Initialize(runtime);
        RegisterFormatters();
        bool png = Environment.GetEnvironmentVariable(PngVariable) != "0";
        var kit = new NotebookKit(notebook, info, folders, png);
        if (KernelInvocationContext.Current is not null)
        {
            info.Display("text/html", "text/plain");
            if (fsharp < KitAssemblies.BuiltWithFSharpCore)
            {
                ($"Deedle and Plotly.NET run on the notebook host's FSharp.Core {fsharp} "
                    + $"(the kit is built with {KitAssemblies.BuiltWithFSharpCore}).")
                    .DisplayAs("text/plain");
            }
        }
        return kit;
    }

    /// <summary>A live progress display for training and evaluation, in the current cell.</summary>
    public LiveProgress Progress() => new();

    /// <summary>
    /// Trains and evaluates every configuration of <paramref name="plan"/>, in order, with a
    /// live progress display; a configuration the results store already holds is read back
    /// instead, unless <see cref="ExperimentPlan.Retrain"/> is set. The runs are saved in
    /// <see cref="Store"/>, so the other notebooks find them.
    /// </summary>
    public IReadOnlyList<RunRecord> Run(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        var configs = plan.Configs();
        var store = Store;
        int stored = plan.Retrain ? 0 : configs.Count(c => store.TryLoad(c) is not null);
        if (stored > 0)
        {
            DisplayHtml($"<p>{stored} of {configs.Count} runs read back from "
                + $"{WebUtility.HtmlEncode(store.RunsFolder)} (set <code>Retrain = true</code> "
                + "in the parameters cell to train them again).</p>");
        }

        var progress = Progress();
        using var runner = new ExperimentRunner(store)
        {
            Progress = progress,
            DatasetProgress = progress,
            Retrain = plan.Retrain,
        };
        return runner.RunAll(configs);
    }

    /// <summary>
    /// Shows <paramref name="chart"/> in the notebook and saves it as
    /// figures/NOTEBOOK/<paramref name="name"/>.html (and .png).
    /// </summary>
    public ExportedFigure Show(GenericChart chart, string name)
    {
        var saved = Figures.Save(chart, name);
        DisplayHtml(NotebookPlotly.ToHtml(chart) + Caption(saved));
        return saved;
    }

    /// <summary>
    /// Shows the results table and saves it under tables/NOTEBOOK: <paramref name="name"/>.md
    /// (as shown), <paramref name="name"/>.csv (unformatted numbers) and a table figure.
    /// </summary>
    public SavedTable Show(ResultsTable table, string name)
    {
        ArgumentNullException.ThrowIfNull(table);
        var saved = SaveTable(name, table.ToMarkdown(), table.ToNumericFrame(),
            Reporting.Figures.Table(table), "configuration");
        table.Display("text/html", "text/plain");
        DisplayHtml(Caption(saved));
        return saved;
    }

    /// <summary>
    /// Shows a frame and saves it under tables/NOTEBOOK as <paramref name="name"/>.md,
    /// .csv and a table figure.
    /// </summary>
    public SavedTable Show<TRow, TColumn>(Frame<TRow, TColumn> frame, string name)
        where TRow : notnull
        where TColumn : notnull
    {
        ArgumentNullException.ThrowIfNull(frame);
        var text = TextTable.FromFrame(frame);
        var saved = SaveTable(name, text.ToMarkdown(), frame, Reporting.Figures.Table(text), "");
        frame.Display("text/html", "text/plain");
        DisplayHtml(Caption(saved));
        return saved;
    }

    SavedTable SaveTable<TRow, TColumn>(string name, string markdown,
        Frame<TRow, TColumn> values, GenericChart figure, string rowKeyTitle)
        where TRow : notnull
        where TColumn : notnull
    {
        var exported = tableFigures.Save(figure, name);
        string csv = Path.Combine(Folders.Tables, name + ".csv");
        string md = Path.Combine(Folders.Tables, name + ".md");
        AtomicFile.Write(csv, stream =>
        {
            using var writer = new StreamWriter(stream, new System.Text.UTF8Encoding(false));
            values.SaveCsv(writer, includeRowKeys: true,
                keyNames: [rowKeyTitle.Length > 0 ? rowKeyTitle : "key"], separator: ',',
                culture: System.Globalization.CultureInfo.InvariantCulture);
        });
        AtomicFile.WriteAllText(md, markdown);
        return new SavedTable(csv, md, exported);
    }

    string Caption(ExportedFigure figure) => Caption(
        [figure.HtmlPath, .. figure.PngPath is null ? Array.Empty<string>() : [figure.PngPath]],
        figure.Note);

    string Caption(SavedTable table) => Caption(
        [table.CsvPath, table.MarkdownPath, table.Figure.HtmlPath,
         .. table.Figure.PngPath is null ? Array.Empty<string>() : [table.Figure.PngPath]],
        table.Figure.Note);

    string Caption(IEnumerable<string> paths, string? note)
    {
        string names = string.Join(", ", paths.Select(p => Path.GetRelativePath(Folders.Root, p)));
        return $"<p style=\"font-size:smaller;color:#666\">saved in {WebUtility.HtmlEncode(
            Folders.Root)}: {WebUtility.HtmlEncode(names)}"
            + (note is null ? "" : $" ({WebUtility.HtmlEncode(note)})") + "</p>";
    }

    static void DisplayHtml(string html)
    {
        if (KernelInvocationContext.Current is not null)
        {
            html.DisplayAs("text/html");
        }
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    static void RegisterFormatters()
    {
        NotebookPlotly.Reset();
        KitFormatters.Register();
    }
}

/// <summary>Where a saved table went.</summary>
/// <param name="CsvPath">Values for other tools.</param>
/// <param name="MarkdownPath">The table as shown.</param>
/// <param name="Figure">The table as a Plotly figure (HTML, PNG).</param>
public sealed record SavedTable(string CsvPath, string MarkdownPath, ExportedFigure Figure);
