using MetaHarmony.Experiments;

namespace MetaHarmony.Tests.Experiments;

public sealed class ConfigOverridesTests
{
    public enum Operator
    {
        Mean,
        SoftmaxAttention,
    }

    public sealed record Schedule(double EndEpoch, bool Enabled);

    public sealed record Config(string Preset, int Iterations, double InnerRate,
        Operator Aggregator, IReadOnlyList<int> Shots, Schedule Schedule, long? Seed)
    {
        public Config WithPreset(string preset) =>
            preset == "smoke" ? this with { Preset = preset, Iterations = 5 }
            : this with { Preset = preset };
    }

    static readonly Config Quick = new("quick", 300, 0.4, Operator.Mean, [1, 5],
        new Schedule(20, true), null);

    static Config Apply(string overrides) =>
        ConfigOverrides.Apply(Quick, ConfigOverrides.Parse(overrides));

    [Fact]
    public void SetsValuesOfEveryKindOnACopy()
    {
        var config = Apply("Iterations=50; InnerRate=0.01\naggregator=softmax-attention\n"
            + "Shots=1,5,10;Seed=3; Schedule.EndEpoch=12.5");

        Assert.Equal(50, config.Iterations);
        Assert.Equal(0.01, config.InnerRate);
        Assert.Equal(Operator.SoftmaxAttention, config.Aggregator);
        Assert.Equal([1, 5, 10], config.Shots);
        Assert.Equal(3L, config.Seed);
        Assert.Equal(new Schedule(12.5, true), config.Schedule);
        Assert.Equal(300, Quick.Iterations);
    }

    [Fact]
    public void AppliesThePresetBeforeTheOtherOverrides()
    {
        var config = Apply("Iterations=7; preset=smoke");

        Assert.Equal("smoke", config.Preset);
        Assert.Equal(7, config.Iterations);
        Assert.Equal(5, Apply("preset=smoke").Iterations);
    }

    [Fact]
    public void NoOverridesLeaveTheConfigurationAsWritten()
    {
        Assert.Same(Quick, Apply(""));
        Assert.Same(Quick, Apply("# nothing here\n\n"));
    }

    [Theory]
    [InlineData("Iteratons=5", "has no property 'Iteratons'")]
    [InlineData("Iterations=many", "'many' is not a Int32")]
    [InlineData("Aggregator=median", "use one of Mean, SoftmaxAttention")]
    [InlineData("Schedule.Start=1", "Schedule has no property 'Start'")]
    [InlineData("Iterations", "is not of the form Name=value")]
    public void RejectsWhatItCannotApplyNamingIt(string overrides, string message)
    {
        var error = Assert.Throws<ArgumentException>(() => Apply(overrides));
        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsAPresetWhereTheConfigurationHasNone()
    {
        var error = Assert.Throws<ArgumentException>(() => ConfigOverrides.Apply(
            new Schedule(1, true), ConfigOverrides.Parse("preset=smoke")));
        Assert.Contains("neither a WithPreset(string) method nor a Preset property",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADottedOverrideOfAPlansNullDatasetEditsThePresetsDataset()
    {
        var plan = new ExperimentPlan { Preset = Presets.PaperMiniImageNet };
        Assert.Null(plan.Dataset);

        var edited = ConfigOverrides.Apply(plan,
            ConfigOverrides.Parse("Dataset.Root=/data/mini; Schedule.TransitionEpoch=7"));

        var preset = Presets.Get(Presets.PaperMiniImageNet, 1);
        Assert.Equal(preset.Dataset with { Root = "/data/mini" }, edited.Dataset);
        Assert.Equal(preset.Schedule with { TransitionEpoch = 7 }, edited.Schedule);
        Assert.Equal("/data/mini", edited.ConfigFor(1).Dataset.Root);
    }

    public sealed record Holder(Schedule? Inner, NoDefault? Other);

    public sealed record NoDefault(int Value);

    [Fact]
    public void ANullNestedValueWithoutADefaultIsNamed()
    {
        var holder = new Holder(null, null);
        var error = Assert.Throws<ArgumentException>(() => ConfigOverrides.Apply(holder,
            ConfigOverrides.Parse("Other.Value=3")));
        Assert.Contains("Holder.Other is null", error.Message, StringComparison.Ordinal);
    }
}
