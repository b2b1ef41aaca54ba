using MetaHarmony.Reporting;

namespace MetaHarmony.Tests.Reporting;

/// <summary>The tests that set METAHARMONY_CHROMIUM, which every browser search reads.</summary>
[CollectionDefinition(nameof(ChromiumVariable), DisableParallelization = true)]
public sealed class ChromiumVariable;

[Collection(nameof(ChromiumVariable))]
public sealed class HeadlessChromiumTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("metaharmony-chromium-").FullName;
    readonly string? before = Environment.GetEnvironmentVariable(
        HeadlessChromium.EnvironmentVariable);

    string Missing => Path.Combine(folder, "no-such-chromium");

    public void Dispose()
    {
        Environment.SetEnvironmentVariable(HeadlessChromium.EnvironmentVariable, before);
        Directory.Delete(folder, recursive: true);
    }

    [Fact]
    public void AVariableNamingAMissingBrowserIsAnErrorNotNoBrowser()
    {
        Environment.SetEnvironmentVariable(HeadlessChromium.EnvironmentVariable, Missing);

        var error = Assert.Throws<FileNotFoundException>(() => HeadlessChromium.Find());

        Assert.Equal($"METAHARMONY_CHROMIUM={Missing}, but that file does not exist; set it to a "
            + "Chrome or Chromium binary, or unset it to search the PATH.", error.Message);
        Assert.Equal(Missing, error.FileName);
    }

    [Fact]
    public void FiguresSavedMeanwhileSayWhyTheyHaveNoPng()
    {
        Environment.SetEnvironmentVariable(HeadlessChromium.EnvironmentVariable, Missing);
        var chart = Figures.ConflictIndex([SyntheticRuns.Run("full", 1, 0, [0.5, 0.6])]);

        var saved = new FigureExporter(folder).Save(chart, "gci");

        Assert.True(File.Exists(saved.HtmlPath));
        Assert.Null(saved.PngPath);
        Assert.StartsWith($"METAHARMONY_CHROMIUM={Missing}, but that file does not exist",
            saved.Note, StringComparison.Ordinal);
        Assert.EndsWith("; HTML only", saved.Note, StringComparison.Ordinal);
    }

    [Fact]
    public void AVariableNamingAnExistingFileUsesIt()
    {
        string browser = Path.Combine(folder, "my-chromium");
        File.WriteAllText(browser, "");
        Environment.SetEnvironmentVariable(HeadlessChromium.EnvironmentVariable, browser);

        Assert.Equal(browser, HeadlessChromium.Find()?.Executable);
    }
}
