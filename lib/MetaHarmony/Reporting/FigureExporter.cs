using MetaHarmony.Experiments;
using System.Text.RegularExpressions;
using Microsoft.FSharp.Core;
using Plotly.NET;

namespace MetaHarmony.Reporting;

/// <summary>Where a saved figure went.</summary>
/// <param name="HtmlPath">The self-contained HTML file.</param>
/// <param name="PngPath">The PNG beside it, or null when none was made.</param>
/// <param name="Note">Why there is no PNG, in a sentence; null when there is one.</param>
public sealed record ExportedFigure(string HtmlPath, string? PngPath, string? Note);

/// <summary>
/// Saves figures as self-contained HTML (plotly.js embedded, so a file opens offline and makes
/// no network request) and, when a headless Chromium is available, as a PNG beside it. Every
/// file is written atomically.
/// </summary>
public sealed partial class FigureExporter
{
    readonly HeadlessChromium? chromium;

    /// <summary>
    /// Saves into <paramref name="folder"/> (created when needed). PNGs are made with
    /// <paramref name="chromium"/>, or with the browser <see cref="HeadlessChromium.Find"/>
    /// finds when null, unless <paramref name="png"/> is false; where none is found, or
    /// METAHARMONY_CHROMIUM names a missing file, <see cref="PngNote"/> says so.
    /// </summary>
    public FigureExporter(string folder, bool png = true, HeadlessChromium? chromium = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
        if (!png)
        {
            PngNote = "PNG export is switched off";
            return;
        }

        // A PNG is a nicety beside the HTML: a browser named but missing is said in the note
        // that every saved figure carries, rather than stopping the notebook.
        try
        {
            this.chromium = chromium ?? HeadlessChromium.Find();
        }
        catch (FileNotFoundException error)
        {
            PngNote = $"{error.Message.TrimEnd('.')}; HTML only";
            return;
        }
        PngNote = this.chromium is null
            ? "no Chromium found (install chromium, or set "
              + $"{HeadlessChromium.EnvironmentVariable}); HTML only"
            : null;
    }

    /// <summary>The folder figures are saved in.</summary>
    public string Folder { get; }

    /// <summary>Why PNGs are not made, or null when they are.</summary>
    public string? PngNote { get; }

    /// <summary>
    /// Writes <paramref name="name"/>.html and, where possible, <paramref name="name"/>.png.
    /// </summary>
    /// <param name="chart">The figure.</param>
    /// <param name="name">A file name without extension: letters, digits, '-', '_', '.'.</param>
    public ExportedFigure Save(GenericChart chart, string name)
    {
        ArgumentNullException.ThrowIfNull(chart);
        if (string.IsNullOrEmpty(name) || !SafeName().IsMatch(name))
        {
            throw new ArgumentException(
                $"Figure name '{name}' is not a plain file name; use letters, digits, '-', '_' "
                + "or '.', e.g. \"accuracy-bars\".", nameof(name));
        }

        string html = Path.Combine(Folder, name + ".html");
        AtomicFile.WriteAllText(html, SelfContainedHtml(chart));
        if (chromium is null)
        {
            return new ExportedFigure(html, null, PngNote);
        }

        string png = Path.Combine(Folder, name + ".png");
        var (width, height) = SizeOf(chart);
        string? failure = chromium.TryScreenshot(html, png, width + 40, height + 40);
        return failure is null ? new ExportedFigure(html, png, null)
            : new ExportedFigure(html, null, failure);
    }

    /// <summary>
    /// A complete HTML page of the chart with plotly.js inlined (about 3.6 MB), declared as
    /// UTF-8: without the declaration a browser opening the file guesses the encoding, and
    /// may show non-ASCII labels (kanji, "±", "Δ") as mojibake.
    /// </summary>
    public static string SelfContainedHtml(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var options = DisplayOptions.init(null, null, null, null, null, null,
            FSharpOption<PlotlyJSReference>.Some(PlotlyJSReference.Full));
        string html = GenericChart.toEmbeddedHTML(GenericChart.setDisplayOptions(options, chart));
        int head = html.IndexOf("<head>", StringComparison.OrdinalIgnoreCase);
        return head < 0 ? "<meta charset=\"utf-8\">" + html
            : html.Insert(head + "<head>".Length, "<meta charset=\"utf-8\">");
    }

    /// <summary>The chart's layout size, or Plotly.NET's 600 x 600 when it has none.</summary>
    public static (int Width, int Height) SizeOf(GenericChart chart)
    {
        ArgumentNullException.ThrowIfNull(chart);
        var layout = GenericChart.getLayout(chart);
        return (Read("width"), Read("height"));

        int Read(string property) =>
            layout.TryGetPropertyValue(property) is { } value
                && Convert.ToInt32(value.Value, System.Globalization.CultureInfo.InvariantCulture)
                    is > 0 and var pixels
                ? pixels : 600;
    }

    [GeneratedRegex("^[A-Za-z0-9_.-]+$")]
    private static partial Regex SafeName();
}
