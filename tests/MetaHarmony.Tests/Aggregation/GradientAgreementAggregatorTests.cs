using MetaHarmony.Aggregation;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;

namespace MetaHarmony.Tests.Aggregation;

public sealed class GradientAgreementAggregatorTests
{
    public GradientAgreementAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void WeighsTasksByTheirDotProductWithTheSum()
    {
        using var gradients = Example();
        using var result = new GradientAgreementAggregator().Aggregate(gradients, Context);

        // Conv: Σ g = (2, 2, 0, 0, 2, 2); g·Σ = 4, 6, 6; weights 4/16, 6/16, 6/16.
        // u = g1/4 + 3 g2/8 + 3 g3/8.
        AssertClose([5 / 8.0, 3 / 4.0, -1 / 4.0, 0, 5 / 8.0, 3 / 4.0], result.Directions[0]);
        // Head: Σ g = (0, 2); g·Σ = 0, 2, 2; weights 0, 1/2, 1/2.
        AssertClose([-0.5, 1], result.Directions[1]);
        AssertClose([0.25, 0.375, 0.375, 0, 0.5, 0.5], result.TaskWeights!.flatten());
    }

    [Fact]
    public void ATaskAgainstTheSumGetsANegativeWeight()
    {
        using var gradients = Gradients(TwoLayers(),
            [[1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0]],
            [[2, 0], [0, 1], [-1, 0]]);
        using var result = new GradientAgreementAggregator().Aggregate(gradients, Context);

        // Σ g = (1, 1); g·Σ = 2, 1, -1; Σ|·| = 4; u = (2, 0)/2 + (0, 1)/4 + (1, 0)/4.
        AssertClose([0.5, 0.25, -0.25], result.TaskWeights![1]);
        AssertClose([1.25, 0.25], result.Directions[1]);
        AssertClose([1, 0, 0, 0, 0, 0], result.Directions[0]);
    }

    [Fact]
    public void GradientsThatCancelGetUniformWeights()
    {
        using var gradients = Gradients(TwoLayers(),
            [[1, 2, 0, 0, 0, 0], [-1, -2, 0, 0, 0, 0], [0, 0, 0, 0, 0, 0]],
            [[1, 0], [0, 1], [-1, -1]]);
        using var result = new GradientAgreementAggregator().Aggregate(gradients, Context);

        AssertClose([1 / 3.0, 1 / 3.0, 1 / 3.0], result.TaskWeights![0]);
        AssertClose([0, 0, 0, 0, 0, 0], result.Directions[0]);
        AssertClose([0, 0], result.Directions[1]);
    }
}
