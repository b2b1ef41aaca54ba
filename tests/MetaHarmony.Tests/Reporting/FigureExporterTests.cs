using System.Text.RegularExpressions;
using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

public sealed partial class FigureExporterTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("metaharmony-figures-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static Plotly.NET.GenericChart Chart() => Figures.ConflictIndex(
        [SyntheticRuns.Run("full", 1, 0, [0.5, 0.6], iterations: 8)]);

    [Fact]
    public void SavesSelfContainedHtmlThatLoadsNothingFromTheNetwork()
    {
        var saved = new FigureExporter(folder, png: false).Save(Chart(), "gci");

        string html = File.ReadAllText(saved.HtmlPath);
        Assert.Equal(Path.Combine(folder, "gci.html"), saved.HtmlPath);
        Assert.DoesNotMatch(RemoteScript(), html);
        Assert.Contains(PlotlySourceStart(), html, StringComparison.Ordinal);
        Assert.Contains("Plotly.newPlot", html, StringComparison.Ordinal);
        Assert.StartsWith("<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\">",
            html.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.Null(saved.PngPath);
        Assert.Equal("PNG export is switched off", saved.Note);
        Assert.Equal(["gci.html"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    [Fact]
    public void ReportsABrowserThatFailsAndLeavesNoPartialFile()
    {
        var broken = new HeadlessChromium("/bin/false");

        var saved = new FigureExporter(folder, chromium: broken).Save(Chart(), "gci");

        Assert.Null(saved.PngPath);
        Assert.Contains("exited with code 1", saved.Note, StringComparison.Ordinal);
        Assert.Equal(["gci.html"], Directory.GetFiles(folder).Select(Path.GetFileName));
    }

    /// <summary>
    /// The browser renders with every host name unresolvable, so a chart drawn (a PNG too
    /// large to be a blank page) drew offline, from the HTML file alone.
    /// </summary>
    [Fact]
    public void RendersAPngWhenChromiumIsInstalled()
    {
        var chromium = HeadlessChromium.Find();
        var saved = new FigureExporter(folder, chromium: chromium).Save(Chart(), "gci");

        if (chromium is null)
        {
            Assert.Null(saved.PngPath);
            Assert.Contains("no Chromium found", saved.Note, StringComparison.Ordinal);
            return;
        }

        Assert.Null(saved.Note);
        byte[] png = File.ReadAllBytes(saved.PngPath!);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G'], png[..4]);
        Assert.True(png.Length > 10_000, $"a {png.Length}-byte PNG is too small to show a chart");
    }

    [Theory]
    [InlineData("")]
    [InlineData("../escape")]
    [InlineData("a b")]
    public void RejectsNamesThatAreNotPlainFileNames(string name)
    {
        var error = Assert.Throws<ArgumentException>(
            () => new FigureExporter(folder, png: false).Save(Chart(), name));
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
    }

    /// <summary>The first line of the plotly.js that Plotly.NET ships.</summary>
    static string PlotlySourceStart()
    {
        var assembly = typeof(Plotly.NET.GenericChart).Assembly;
        string resource = assembly.GetManifestResourceNames()
            .Single(n => n.EndsWith(".min.js", StringComparison.Ordinal));
        using var reader = new StreamReader(assembly.GetManifestResourceStream(resource)!);
        string source = reader.ReadToEnd();
        Assert.True(source.Length > 1_000_000);
        return source[..2000];
    }

    [GeneratedRegex("<script[^>]*src\\s*=\\s*[\"']?(https?:)?//", RegexOptions.IgnoreCase)]
    private static partial Regex RemoteScript();
}
