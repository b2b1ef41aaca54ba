using MetaHarmony.Aggregation;
using MetaHarmony.Experiments;
using MetaHarmony.Schedules;

namespace MetaHarmony.Tests.Experiments;

public sealed class ExperimentConfigTests
{
    [Fact]
    public void ThePaperPresetHoldsThePublishedSettings()
    {
        var oneShot = Presets.Get(Presets.PaperMiniImageNet, 1);
        var fiveShot = Presets.Get(Presets.PaperMiniImageNet, 5);

        Assert.Equal((0.01, 0.001, 5, 10, 15, 60_000, 600),
            (oneShot.InnerStepSize, oneShot.MetaStepSize, oneShot.InnerSteps,
                oneShot.InnerStepsTest, oneShot.Queries, oneShot.Iterations,
                oneShot.EvaluationEpisodes));
        Assert.Equal(4, oneShot.MetaBatchSize);
        Assert.Equal(2, fiveShot.MetaBatchSize);
        Assert.Equal(32, oneShot.Backbone.Conv4.Filters);
        Assert.Equal(84, oneShot.Dataset.ImageSize);
    }

    [Fact]
    public void VariantsChangeOnlyTheAggregatorAndSchedule()
    {
        var full = Presets.Get(Presets.Quick, 1) with
        {
            Aggregator = new AggregatorOptions { Temperature = 0.5 },
        };

        var maml = Variants.Apply(full, Variants.Maml);
        var noEe = Variants.Apply(full, Variants.NoExploreExploit);
        var heads = Variants.Apply(full, Variants.MultiHead);

        Assert.Equal(AggregatorKind.Mean, maml.Aggregator.Kind);
        Assert.False(maml.Harmonizes);
        Assert.Equal(ExploitShape.None, noEe.Schedule.Shape);
        Assert.Equal(ExploitShape.Cosine, Variants.Apply(noEe, Variants.Full).Schedule.Shape);
        Assert.Equal(AggregatorKind.MultiHeadAttention, heads.Aggregator.Kind);
        Assert.Equal(0.5, heads.Aggregator.Temperature);
        Assert.Equal(full with { Variant = Variants.MultiHead, Aggregator = heads.Aggregator },
            heads);
    }

    [Theory]
    [InlineData("Ways", 1)]
    [InlineData("Shots", 0)]
    [InlineData("MetaBatchSize", 0)]
    [InlineData("EvaluationEpisodes", 1)]
    [InlineData("InnerSteps", -1)]
    public void OutOfRangeValuesAreNamed(string name, int value)
    {
        var config = Presets.Get(Presets.Smoke, 1);
        config = name switch
        {
            "Ways" => config with { Ways = value },
            "Shots" => config with { Shots = value },
            "MetaBatchSize" => config with { MetaBatchSize = value },
            "EvaluationEpisodes" => config with { EvaluationEpisodes = value },
            _ => config with { InnerSteps = value },
        };

        var error = Assert.Throws<ArgumentException>(() => config.Validate());
        Assert.Contains($"{name} = {value}", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0.0)]
    [InlineData(double.NaN)]
    [InlineData(-0.1)]
    public void LearningRatesMustBePositive(double rate)
    {
        var error = Assert.Throws<ArgumentException>(
            () => (Presets.Get(Presets.Smoke, 1) with { MetaStepSize = rate }).Validate());
        Assert.Contains("MetaStepSize", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownNamesListTheKnownOnes()
    {
        var preset = Assert.Throws<ArgumentException>(() => Presets.Get("fast", 1));
        var variant = Assert.Throws<ArgumentException>(
            () => Variants.Apply(Presets.Get(Presets.Smoke, 1), "attention"));

        Assert.Contains("quick", preset.Message, StringComparison.Ordinal);
        Assert.Contains("hierarchical", variant.Message, StringComparison.Ordinal);
    }
}
