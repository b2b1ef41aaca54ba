using MetaHarmony.Experiments;
using MetaHarmony.Tests.Fixtures;
using MetaHarmony.Tests.Reporting;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>
/// <c>summarize</c> on a results folder that holds runs of one variant trained with different
/// settings: one table per set of settings, each headed by what sets it apart.
/// </summary>
public sealed class SummarizeCommandTests : IDisposable
{
    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void RunsOfOneVariantAtTwoIterationCountsGetATableEach()
    {
        string results = folder["results"];
        foreach (string[] run in new[]
        {
            SmokeRun(results, "--iterations", "3"),
            SmokeRun(results, "--iterations", "3", "--variant", "maml"),
            SmokeRun(results, "--iterations", "4"),
        })
        {
            var trained = Invoke(run);
            Assert.True(trained.ExitCode == 0, trained.ToString());
        }

        var summary = Run("summarize", results);

        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Contains("## kanji, Conv4, Iterations 3: 2 runs, seeds 0", summary.Output,
            StringComparison.Ordinal);
        Assert.Contains("## kanji, Conv4, Iterations 4: 1 runs, seeds 0", summary.Output,
            StringComparison.Ordinal);
        Assert.Contains("with one seed, ± 1.96 x sd / sqrt(E)", summary.Output,
            StringComparison.Ordinal);
        string tables = Path.Combine(results, "tables", "summarize");
        Assert.Equal(["kanji-conv4-iterations-3.csv", "kanji-conv4-iterations-3.md",
            "kanji-conv4-iterations-4.csv", "kanji-conv4-iterations-4.md"],
            Directory.GetFiles(tables).Select(Path.GetFileName).Order(StringComparer.Ordinal));

        // The first table pairs full with the maml run of its settings; the second has no maml.
        var paired = File.ReadAllLines(Path.Combine(tables, "kanji-conv4-iterations-3.csv"));
        Assert.Equal(["maml", "full"], paired.Skip(1).Select(l => l.Split(',')[0]));
        string alone = File.ReadAllText(Path.Combine(tables, "kanji-conv4-iterations-4.md"));
        Assert.Contains("full 5-way 1-shot seed 0: no maml run", alone, StringComparison.Ordinal);
    }

    /// <summary>
    /// Runs saved without training: a quick and a smoke run of each of maml and full differ in
    /// many settings, so the headings name the presets rather than list them all.
    /// </summary>
    [Fact]
    public void RunsOfTwoPresetsAreHeadedByThePresetNames()
    {
        string results = folder["results"];
        var store = new ResultStore(results);
        foreach (string preset in new[] { Presets.Quick, Presets.Smoke })
        {
            foreach (string variant in new[] { Variants.Maml, Variants.Full })
            {
                var config = Variants.Apply(Presets.Get(preset, 1), variant);
                var record = SyntheticRuns.Run(variant, 1, 0, [0.5, 0.6, 0.7]) with
                {
                    RunId = ResultStore.RunIdOf(config),
                };
                store.Save(record, config);
            }
        }

        var summary = Run("summarize", results);

        Assert.True(summary.ExitCode == 0, summary.ToString());
        Assert.Contains("## kanji, Conv4, preset quick: 2 runs, seeds 0", summary.Output,
            StringComparison.Ordinal);
        Assert.Contains("## kanji, Conv4, preset smoke: 2 runs, seeds 0", summary.Output,
            StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(results, "tables", "summarize",
            "kanji-conv4-preset-smoke.md")));
    }
}
