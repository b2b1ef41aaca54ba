using MetaHarmony.Aggregation;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;

namespace MetaHarmony.Tests.Aggregation;

public sealed class MeanAggregatorTests
{
    public MeanAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void AveragesTheTasksOfEachLayer()
    {
        using var gradients = Example();
        using var result = new MeanAggregator().Aggregate(gradients, Context);

        // Column sums of the hand example, divided by 3.
        AssertClose([2 / 3.0, 2 / 3.0, 0, 0, 2 / 3.0, 2 / 3.0], result.Directions[0]);
        AssertClose([0, 2 / 3.0], result.Directions[1]);
        Assert.Equal([2L, 3L], result.TaskWeights!.shape);
        AssertClose(Enumerable.Repeat(1 / 3.0, 6).ToArray(), result.TaskWeights.flatten());
    }
}
