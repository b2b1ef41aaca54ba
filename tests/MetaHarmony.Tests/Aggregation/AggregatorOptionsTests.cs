using MetaHarmony.Aggregation;

namespace MetaHarmony.Tests.Aggregation;

public sealed class AggregatorOptionsTests
{
    [Fact]
    public void DefaultsAreThePapersMethod()
    {
        var options = new AggregatorOptions();

        Assert.Equal(AggregatorKind.SoftmaxAttention, options.Kind);
        Assert.Equal(AttentionScore.Cosine, options.Score);
        Assert.Equal(1.0, options.Temperature);
        Assert.Equal(4, options.Heads);
        Assert.Equal(AttentionLevels.Model | AttentionLevels.Layer, options.Levels);
        Assert.Equal(PCGradScope.Layer, options.PCGradScope);
        Assert.Same(options, options.Validate());
    }

    [Theory]
    [InlineData(AggregatorKind.Mean, typeof(MeanAggregator), "mean")]
    [InlineData(AggregatorKind.SoftmaxAttention, typeof(SoftmaxAttentionAggregator),
        "softmax-attention")]
    [InlineData(AggregatorKind.MultiHeadAttention, typeof(MultiHeadAttentionAggregator),
        "multi-head-attention")]
    [InlineData(AggregatorKind.HierarchicalAttention, typeof(HierarchicalAttentionAggregator),
        "hierarchical-attention")]
    [InlineData(AggregatorKind.GradientAgreement, typeof(GradientAgreementAggregator),
        "gradient-agreement")]
    [InlineData(AggregatorKind.PCGrad, typeof(PCGradAggregator), "pcgrad")]
    public void CreatesTheAggregatorOfItsKind(AggregatorKind kind, Type type, string name)
    {
        var aggregator = new AggregatorOptions { Kind = kind }.Create();

        Assert.IsType(type, aggregator);
        Assert.Equal(name, aggregator.Name);
    }

    [Fact]
    public void PassesItsSettingsOn()
    {
        var options = new AggregatorOptions
        {
            Score = AttentionScore.ScaledDot, Temperature = 0.5, Heads = 2,
            Levels = AttentionLevels.Block, PCGradScope = PCGradScope.Model,
        };

        Assert.Equal(new SoftmaxAttentionOptions(AttentionScore.ScaledDot, 0.5),
            options.SoftmaxAttention);
        Assert.Equal(new MultiHeadAttentionOptions(2, AttentionScore.ScaledDot, 0.5),
            options.MultiHeadAttention);
        Assert.Equal(new HierarchicalAttentionOptions(AttentionLevels.Block, 0.5),
            options.HierarchicalAttention);
        Assert.Equal(new PCGradOptions(PCGradScope.Model), options.PCGrad);
    }

    public static TheoryData<AggregatorOptions, string, string> BadOptions() => new()
    {
        { new AggregatorOptions { Temperature = 0 }, "Temperature", "Temperature = 0 " },
        { new AggregatorOptions { Temperature = -2.5 }, "Temperature", "-2.5" },
        { new AggregatorOptions { Temperature = double.NaN }, "Temperature", "NaN" },
        { new AggregatorOptions { Heads = 0 }, "Heads", "Heads = 0 " },
        { new AggregatorOptions { Levels = AttentionLevels.None }, "Levels", "None" },
        { new AggregatorOptions { Levels = (AttentionLevels)8 }, "Levels", "8" },
        { new AggregatorOptions { Kind = (AggregatorKind)17 }, "Kind", "17" },
        { new AggregatorOptions { Score = (AttentionScore)5 }, "Score", "5" },
        { new AggregatorOptions { PCGradScope = (PCGradScope)3 }, "Scope", "3" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public void RejectsValuesOutOfRangeNamingThem(AggregatorOptions options, string name,
        string value)
    {
        var error = Assert.Throws<ArgumentException>(() => options.Validate());
        Assert.Equal(name, error.ParamName);
        Assert.Contains(value, error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => options.Create());
    }

    [Fact]
    public void EachAggregatorChecksItsOwnOptions()
    {
        Assert.Throws<ArgumentException>(() => new SoftmaxAttentionAggregator(new(Temperature: 0)));
        Assert.Throws<ArgumentException>(() => new MultiHeadAttentionAggregator(new(Heads: -1)));
        Assert.Throws<ArgumentException>(
            () => new HierarchicalAttentionAggregator(new(AttentionLevels.None)));
        Assert.Throws<ArgumentException>(() => new PCGradAggregator(new((PCGradScope)9)));
    }
}
