using MetaHarmony.Aggregation;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static MetaHarmony.Tests.PlainVectors;

namespace MetaHarmony.Tests.Aggregation;

public sealed class HierarchicalAttentionAggregatorTests
{
    public HierarchicalAttentionAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void AddsTheModelCosineToTheLayerCosine()
    {
        using var gradients = Example();
        using var result = new HierarchicalAttentionAggregator().Aggregate(gradients, Context);

        // Whole model: ḡ = (2/3)(1, 1, 0, 0, 1, 1, 0, 1), ‖ḡ‖ = 2√5/3; g·ḡ = 4/3, 8/3, 8/3;
        // ‖g‖² = 7, 6, 9.
        double[] model = [2 / Math.Sqrt(35), 4 / Math.Sqrt(30), 4 / (3 * Math.Sqrt(5))];
        double[] conv = [1 / Math.Sqrt(6), 3 / 4.0, 3 / (4 * Math.Sqrt(2))];
        double[] head = [0, 1 / Math.Sqrt(2), 1];
        var convWeights = Softmax(Add(model, conv));
        var headWeights = Softmax(Add(model, head));
        AssertClose(Combine(convWeights, Conv), result.Directions[0]);
        AssertClose(Combine(headWeights, Head), result.Directions[1]);
        AssertClose([.. convWeights, .. headWeights], result.TaskWeights!.flatten());
    }

    [Fact]
    public void TheLayerLevelAloneIsSoftmaxAttention()
    {
        using var gradients = Gradients(TwoLayers(), PlainVectors.Random(11, 4, 6),
            PlainVectors.Random(12, 4, 2));
        var options = new HierarchicalAttentionOptions(AttentionLevels.Layer, 0.5);
        using var expected = new SoftmaxAttentionAggregator(new(Temperature: 0.5))
            .Aggregate(gradients, Context);
        using var result = new HierarchicalAttentionAggregator(options)
            .Aggregate(gradients, Context);

        for (int l = 0; l < 2; l++)
        {
            AssertClose(Read(expected.Directions[l]), result.Directions[l], 0);
        }
        AssertClose(Read(expected.TaskWeights!.flatten()), result.TaskWeights!.flatten(), 0);
    }

    [Theory]
    [InlineData(AttentionLevels.Block)]
    [InlineData(AttentionLevels.Layer | AttentionLevels.Block | AttentionLevels.Model)]
    public void TheBlockLevelScoresTheLayersOfABlockTogether(AttentionLevels levels)
    {
        // Layers a and b form block 0, layer c block 1.
        var layout = new ModelLayout(
            [new("a.weight", [2, 2], 0), new("b.weight", [3], 1), new("c.weight", [1, 2], 2)],
            ["a", "b", "c"], [0, 0, 1], ["block0", "block1"]);
        double[][][] layers =
            [PlainVectors.Random(13, 3, 4), PlainVectors.Random(14, 3, 3),
                PlainVectors.Random(15, 3, 2)];
        using var gradients = Gradients(layout, layers);
        var options = new HierarchicalAttentionOptions(levels, 2);
        using var result = new HierarchicalAttentionAggregator(options)
            .Aggregate(gradients, Context);

        var block0 = Cosines(Concatenate(layers[0], layers[1]));
        var block1 = Cosines(layers[2]);
        var model = Cosines(Concatenate(layers));
        bool all = levels != AttentionLevels.Block;
        double[][] scores =
        [
            all ? Add(Add(Cosines(layers[0]), block0), model) : block0,
            all ? Add(Add(Cosines(layers[1]), block0), model) : block0,
            all ? Add(Add(Cosines(layers[2]), block1), model) : block1,
        ];
        for (int l = 0; l < 3; l++)
        {
            var weights = Softmax(Scale(1 / 2.0, scores[l]));
            AssertClose(Combine(weights, layers[l]), result.Directions[l]);
        }
    }

    static double[] Cosines(double[][] rows)
    {
        var mean = Mean(rows);
        return rows.Select(r => Cosine(r, mean)).ToArray();
    }
}
