using MetaHarmony.Aggregation;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static MetaHarmony.Tests.PlainVectors;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Aggregation;

public sealed class SoftmaxAttentionAggregatorTests
{
    public SoftmaxAttentionAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void WeighsTasksBySoftmaxOfTheirCosineToTheMean()
    {
        using var gradients = Example();
        using var result = new SoftmaxAttentionAggregator().Aggregate(gradients, Context);

        // Conv: ḡ = (2/3)(1, 1, 0, 0, 1, 1), ‖ḡ‖ = 4/3; g·ḡ = 4/3, 2, 2; ‖g‖ = √6, 2, √8.
        var conv = Softmax(1 / Math.Sqrt(6), 3 / 4.0, 3 / (4 * Math.Sqrt(2)));
        // Head: ḡ = (0, 2/3); cosines 0, 1/√2, 1.
        var head = Softmax(0, 1 / Math.Sqrt(2), 1);
        AssertClose(Combine(conv, Conv), result.Directions[0]);
        AssertClose([head[0] - head[1], head[1] + head[2]], result.Directions[1]);
        AssertClose([.. conv, .. head], result.TaskWeights!.flatten());
    }

    [Fact]
    public void ScaledDotDividesTheDotProductsByTheRootOfTheLayerSize()
    {
        using var gradients = Example();
        var aggregator = new SoftmaxAttentionAggregator(new(AttentionScore.ScaledDot));
        using var result = aggregator.Aggregate(gradients, Context);

        var conv = Softmax(4 / 3.0 / Math.Sqrt(6), 2 / Math.Sqrt(6), 2 / Math.Sqrt(6));
        var head = Softmax(0, 2 / 3.0 / Math.Sqrt(2), 2 / 3.0 / Math.Sqrt(2));
        AssertClose(Combine(conv, Conv), result.Directions[0]);
        AssertClose(Combine(head, Head), result.Directions[1]);
    }

    [Fact]
    public void TemperatureDividesTheScores()
    {
        using var gradients = Example();
        var aggregator = new SoftmaxAttentionAggregator(new(Temperature: 0.25));
        using var result = aggregator.Aggregate(gradients, Context);

        var head = Softmax(0, 4 / Math.Sqrt(2), 4);
        AssertClose(Combine(head, Head), result.Directions[1]);
    }

    [Fact]
    public void WeightsSumToOnePerLayer()
    {
        var layout = TwoLayers();
        using var gradients = Gradients(layout, PlainVectors.Random(1, 5, 6),
            PlainVectors.Random(2, 5, 2));
        using var result = new SoftmaxAttentionAggregator().Aggregate(gradients, Context);

        AssertClose([1, 1], result.TaskWeights!.sum(1));
        Assert.True(result.TaskWeights.min().item<double>() > 0);
    }

    [Fact]
    public void IdenticalTaskGradientsGiveTheMean()
    {
        double[] g = [0.3, -1.7, 2.5, 0.1, -0.4, 1.1];
        double[] h = [1, 2];
        using var gradients = Gradients(TwoLayers(), [g, g, g, g], [h, h, h, h]);
        using var result = new SoftmaxAttentionAggregator().Aggregate(gradients, Context);

        AssertClose(g, result.Directions[0], 1e-15);
        AssertClose([1, 2], result.Directions[1], 1e-15);
        AssertClose(Enumerable.Repeat(0.25, 8).ToArray(), result.TaskWeights!.flatten(), 1e-15);
    }

    [Fact]
    public void ApproachesTheMeanAsTheTemperatureGrows()
    {
        var conv = PlainVectors.Random(3, 4, 6);
        using var gradients = Gradients(TwoLayers(), conv, PlainVectors.Random(4, 4, 2));
        var mean = Mean(conv);

        var errors = new[] { 1.0, 10, 100, 1000 }.Select(t =>
        {
            using var result = new SoftmaxAttentionAggregator(new(Temperature: t))
                .Aggregate(gradients, Context);
            return Norm(Add(Read(result.Directions[0]), Scale(-1, mean)));
        }).ToList();

        for (int k = 1; k < errors.Count; k++)
        {
            Assert.True(errors[k] < errors[k - 1] / 5, $"errors {string.Join(", ", errors)}");
        }
        Assert.True(errors[^1] < 1e-3 * Norm(mean));
    }

    [Fact]
    public void AZeroGradientScoresZeroInsteadOfNaN()
    {
        using var gradients = Gradients(TwoLayers(),
            [[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0]],
            [[0, 0], [0, 0], [0, 0]]);
        using var result = new SoftmaxAttentionAggregator().Aggregate(gradients, Context);

        // ḡ = (2/3, 1/3, 0...): cosines 0, 2/√5, 3/√10. An all-zero layer gives zero and 1/T.
        var conv = Softmax(0, 2 / Math.Sqrt(5), 3 / Math.Sqrt(10));
        AssertClose(Combine(conv, [[0, 0, 0, 0, 0, 0], [1, 0, 0, 0, 0, 0], [1, 1, 0, 0, 0, 0]]),
            result.Directions[0]);
        AssertClose([0, 0], result.Directions[1]);
        AssertClose([1 / 3.0, 1 / 3.0, 1 / 3.0], result.TaskWeights![1]);
    }

    [Fact]
    public void KeepsTheDtypeOfTheGradients()
    {
        using var gradients = Example(ScalarType.Float32);
        using var result = new SoftmaxAttentionAggregator().Aggregate(gradients, Context);

        Assert.Equal(ScalarType.Float32, result.Directions[0].dtype);
        Assert.Equal(ScalarType.Float32, result.TaskWeights!.dtype);
        var head = Softmax(0, 1 / Math.Sqrt(2), 1);
        AssertClose([head[0] - head[1], head[1] + head[2]], result.Directions[1], 1e-6);
    }
}
