using MetaHarmony.Aggregation;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Aggregation;

/// <summary>Counts live tensors, so it must not run beside other tests.</summary>
[CollectionDefinition(nameof(TensorCounting), DisableParallelization = true)]
public sealed class TensorCounting;

[Collection(nameof(TensorCounting))]
public sealed class AggregatorOwnershipTests
{
    public AggregatorOwnershipTests() => TorchRuntime.EnsureInitialized();

    public static TheoryData<AggregatorOptions> Settings()
    {
        // Two heads over conv's weight and bias take the gather path, one head the reshape.
        var data = new TheoryData<AggregatorOptions>(Enum.GetValues<AggregatorKind>()
            .Select(kind => new AggregatorOptions { Kind = kind, Heads = 2 }));
        data.Add(new AggregatorOptions { Kind = AggregatorKind.MultiHeadAttention, Heads = 1 });
        data.Add(new AggregatorOptions
        {
            Kind = AggregatorKind.PCGrad, PCGradScope = PCGradScope.Model,
        });
        return data;
    }

    [Theory]
    [MemberData(nameof(Settings))]
    public void LeavesNothingButTheResultWhichTheCallerOwns(AggregatorOptions options)
    {
        var aggregator = options.Create();
        using var gradients = Example(ScalarType.Float32);
        aggregator.Aggregate(gradients, Context).Dispose();  // warms up cached indices
        // Tensors other tests left to the finalizer must not vanish while this one counts.
        GC.Collect();
        GC.WaitForPendingFinalizers();

        long before = Tensor.TotalCount;
        var result = aggregator.Aggregate(gradients, Context);
        long owned = result.Directions.Count + (result.TaskWeights is null ? 0 : 1);
        Assert.Equal(before + owned, Tensor.TotalCount);

        Assert.All(result.Directions, d => Assert.Equal(ScalarType.Float32, d.dtype));
        Assert.Equal([6L], result.Directions[0].shape);
        Assert.Equal([2L], result.Directions[1].shape);
        result.Dispose();
        Assert.Equal(before, Tensor.TotalCount);
        (aggregator as IDisposable)?.Dispose();
    }
}
