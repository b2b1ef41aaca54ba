using MetaHarmony.Aggregation;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static MetaHarmony.Tests.PlainVectors;

namespace MetaHarmony.Tests.Aggregation;

public sealed class MultiHeadAttentionAggregatorTests
{
    public MultiHeadAttentionAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void AttendsSeparatelyWithinEachHeadOfOutputUnits()
    {
        using var gradients = Example();
        using var aggregator = new MultiHeadAttentionAggregator();
        using var result = aggregator.Aggregate(gradients, Context);

        // Conv has 2 units, so 2 heads: unit 0 is (w00, w01, b0), unit 1 is (w10, w11, b1).
        // Unit 0 slices (1,0,1), (0,1,1), (1,1,0) share the cosine 2/√6 with their mean: the
        // weights are uniform and the head returns the mean (2/3, 2/3, 2/3).
        // Unit 1 slices (2,0,0), (0,-1,1), (-2,1,1), mean (0,0,2/3): cosines 0, 1/√2, 1/√6.
        var unit1 = Softmax(0, 1 / Math.Sqrt(2), 1 / Math.Sqrt(6));
        var (a1, a2, a3) = (unit1[0], unit1[1], unit1[2]);
        AssertClose([2 / 3.0, 2 / 3.0, 2 * a1 - 2 * a3, a3 - a2, 2 / 3.0, a2 + a3],
            result.Directions[0]);

        // The head layer has one unit, hence one head: plain softmax attention.
        var head = Softmax(0, 1 / Math.Sqrt(2), 1);
        AssertClose(Combine(head, Head), result.Directions[1]);
        AssertClose([.. unit1.Select(a => (a + 1 / 3.0) / 2), .. head],
            result.TaskWeights!.flatten());
    }

    [Theory]
    [InlineData(AttentionScore.Cosine)]
    [InlineData(AttentionScore.ScaledDot)]
    public void OneHeadIsSoftmaxAttention(AttentionScore score)
    {
        var layout = PerUnitLayout();
        using var gradients = Gradients(layout, PlainVectors.Random(5, 4, 9),
            PlainVectors.Random(6, 4, 6));
        using var multiHead = new MultiHeadAttentionAggregator(new(1, score));
        using var expected = new SoftmaxAttentionAggregator(new(score))
            .Aggregate(gradients, Context);
        using var result = multiHead.Aggregate(gradients, Context);

        for (int l = 0; l < 2; l++)
        {
            AssertClose(Read(expected.Directions[l]), result.Directions[l]);
        }
        AssertClose(Read(expected.TaskWeights!.flatten()), result.TaskWeights!.flatten());
    }

    [Theory]
    [InlineData(3)]
    [InlineData(8)]
    public void AsManyHeadsAsUnitsAttendsPerUnit(int heads)
    {
        var layout = PerUnitLayout();
        var conv = PlainVectors.Random(7, 4, 9);
        var head = PlainVectors.Random(8, 4, 6);
        using var gradients = Gradients(layout, conv, head);
        using var aggregator = new MultiHeadAttentionAggregator(new(heads));
        using var result = aggregator.Aggregate(gradients, Context);

        // Conv: a [3, 2] weight and a [3] bias; unit u owns w[u, 0], w[u, 1] and b[u].
        var convUnits = Enumerable.Range(0, 3).Select(u => new[] { 2 * u, 2 * u + 1, 6 + u });
        // Head: a [2, 3] weight; unit u owns row u.
        var headUnits = Enumerable.Range(0, 2).Select(u => new[] { 3 * u, 3 * u + 1, 3 * u + 2 });
        AssertClose(PerHead(conv, convUnits.ToArray(), AttentionScore.Cosine),
            result.Directions[0]);
        AssertClose(PerHead(head, headUnits.ToArray(), AttentionScore.Cosine),
            result.Directions[1]);
    }

    [Theory]
    [InlineData(AttentionScore.Cosine)]
    [InlineData(AttentionScore.ScaledDot)]
    public void UnevenUnitsGiveTheFirstHeadsOneUnitMore(AttentionScore score)
    {
        // A [5, 1] weight and a [5] bias in 2 heads: units 0-2 and units 3-4.
        var layout = new ModelLayout(
            [new("fc.weight", [5, 1], 0), new("fc.bias", [5], 0), new("out.weight", [1, 3], 1)],
            ["fc", "out"], [0, 0], ["only"]);
        var fc = PlainVectors.Random(9, 3, 10);
        var output = PlainVectors.Random(10, 3, 3);
        using var gradients = Gradients(layout, fc, output);
        using var aggregator = new MultiHeadAttentionAggregator(new(2, score));
        using var result = aggregator.Aggregate(gradients, Context);

        int[][] heads = [[0, 1, 2, 5, 6, 7], [3, 4, 8, 9]];
        AssertClose(PerHead(fc, heads, score), result.Directions[0]);
        AssertClose(PerHead(output, [[0, 1, 2]], score), result.Directions[1]);
    }

    [Fact]
    public void WorksOutEachLayoutsHeadsOnce()
    {
        var first = PerUnitLayout();
        var second = TwoLayers();
        using var cache = new HeadPartitionCache(2);

        var partitions = cache.Partitions(first);
        Assert.Same(partitions, cache.Partitions(first));
        Assert.NotSame(partitions, cache.Partitions(second));
        Assert.Equal([2, 2], partitions.Select(p => p.Heads));
        Assert.Same(cache.Indices(first, TorchSharp.torch.CPU),
            cache.Indices(first, TorchSharp.torch.CPU));
    }

    static ModelLayout PerUnitLayout() => new(
        [new("conv.weight", [3, 2], 0), new("conv.bias", [3], 0), new("head.weight", [2, 3], 1)],
        ["conv", "head"], [0, 1], ["block0", "block1"]);

    /// <summary>Softmax attention on each group of elements, put back in place.</summary>
    static double[] PerHead(double[][] rows, int[][] heads, AttentionScore score)
    {
        var result = new double[rows[0].Length];
        foreach (var head in heads)
        {
            var slices = rows.Select(r => Pick(r, head)).ToArray();
            var mean = Mean(slices);
            var scores = slices.Select(s => score == AttentionScore.Cosine
                ? Cosine(s, mean) : Dot(s, mean) / Math.Sqrt(head.Length)).ToArray();
            var output = Combine(Softmax(scores), slices);
            for (int k = 0; k < head.Length; k++)
            {
                result[head[k]] = output[k];
            }
        }
        return result;
    }
}
