using MetaHarmony.Aggregation;
using MetaHarmony.Experiments;

namespace MetaHarmony.Tests.Experiments;

public sealed class ExperimentPlanTests
{
    [Fact]
    public void TheGridIsNumberedByVariantThenShotsThenSeed()
    {
        var plan = new ExperimentPlan
        {
            Preset = Presets.Smoke,
            Variants = [Variants.Maml, Variants.Full],
            Shots = [1, 5],
            Seeds = [3, 4],
        };

        var configs = plan.Configs();

        Assert.Equal(8, configs.Count);
        Assert.Equal(
            ["maml 1 3", "maml 1 4", "maml 5 3", "maml 5 4", "full 1 3", "full 1 4", "full 5 3",
                "full 5 4"],
            configs.Select(c => $"{c.Variant} {c.Shots} {c.Seed}"));
        Assert.Equal(AggregatorKind.Mean, configs[0].Aggregator.Kind);
        Assert.Equal(AggregatorKind.SoftmaxAttention, configs[^1].Aggregator.Kind);
    }

    [Fact]
    public void KnobsOverrideThePresetAndEpochsFollowTheIterations()
    {
        var plan = new ExperimentPlan
        {
            Preset = Presets.Quick, Iterations = 120, EvaluationEpisodes = 30,
            Aggregator = new AggregatorOptions { Temperature = 2 },
        };

        var config = plan.ConfigFor(5);

        Assert.Equal((120, 30, 5, 2.0), (config.Iterations, config.EvaluationEpisodes,
            config.Shots, config.Aggregator.Temperature));
        Assert.Equal(2, config.Schedule.IterationsPerEpoch);
    }

    [Fact]
    public void AnotherPresetTakesItsOwnSizesButKeepsTheGrid()
    {
        var plan = new ExperimentPlan { Iterations = 5000, Shots = [5], Seeds = [1, 2] }
            .WithPreset(Presets.Smoke);

        Assert.Equal(Presets.Smoke, plan.Preset);
        Assert.Null(plan.Iterations);
        Assert.Equal([5], plan.Shots);
        Assert.Equal(Presets.Get(Presets.Smoke, 5).Iterations, plan.ConfigFor(5).Iterations);
        Assert.Throws<ArgumentException>(() => plan.WithPreset("tiny"));
    }
}
