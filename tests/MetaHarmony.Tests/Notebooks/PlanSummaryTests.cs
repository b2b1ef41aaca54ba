using MetaHarmony.Experiments;
using MetaHarmony.Notebooks;

namespace MetaHarmony.Tests.Notebooks;

public sealed class PlanSummaryTests
{
    static Dictionary<string, string> Knobs(ExperimentPlan plan) =>
        PlanSummary.Of(plan).Rows.ToDictionary(r => r[0], r => r[1]);

    [Fact]
    public void ShowsTheValuesInForceAndWhichComeFromThePreset()
    {
        var plan = new ExperimentPlan
        {
            Preset = Presets.Quick, Variants = [Variants.Maml, Variants.NoExploreExploit],
            Shots = [1, 5], Seeds = [0, 1], Iterations = 120,
        };
        var quick = Presets.Get(Presets.Quick, 1);

        var knobs = Knobs(plan);

        Assert.Equal("quick", knobs["preset"]);
        Assert.Equal("maml, no-ee", knobs["variants"]);
        Assert.Equal("5-way, 1-shot, 5-shot", knobs["task"]);
        Assert.Equal("0, 1", knobs["seeds"]);
        Assert.Equal("120", knobs["meta-iterations"]);
        Assert.Equal($"{quick.EvaluationEpisodes} (preset)", knobs["test episodes"]);
        Assert.Equal("kanji (embedded), 1 x 28 x 28 (preset)", knobs["dataset"]);
        Assert.Contains("an epoch is 2 iterations", knobs["explore-exploit"],
            StringComparison.Ordinal);
        Assert.StartsWith("no:", knobs["retrain"], StringComparison.Ordinal);
    }

    [Fact]
    public void ListsAValueThatDependsOnTheShotCountPerShotCount()
    {
        var plan = new ExperimentPlan
        {
            Shots = [1, 5], Customize = c => c with { MetaBatchSize = c.Shots == 1 ? 4 : 2 },
        };

        Assert.Equal("4 (1-shot), 2 (5-shot)", Knobs(plan)["meta-batch (tasks)"]);
    }

    [Fact]
    public void SaysWhyAPlanIsNotValidInsteadOfFailingToDisplay()
    {
        var plan = new ExperimentPlan { Preset = Presets.PaperMiniImageNet };

        var row = Assert.Single(PlanSummary.Of(plan).Rows);

        Assert.Contains("not valid", row[1], StringComparison.Ordinal);
        Assert.Contains("Root", row[1], StringComparison.Ordinal);
    }
}
