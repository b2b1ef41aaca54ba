using MetaHarmony.Aggregation;
using MetaHarmony.Metrics;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static MetaHarmony.Tests.PlainVectors;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Metrics;

public sealed class ConflictIndexTests
{
    static readonly ModelLayout Layout = new(
        [new("a.weight", [3, 2], 0), new("a.bias", [3], 0), new("b.weight", [4], 1),
            new("c.weight", [2, 3], 2)],
        ["a", "b", "c"], [0, 0, 1], ["block0", "block1"]);

    public ConflictIndexTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void MatchesTheSumOfNormsMinusTTimesTheNormOfTheMean(int seed)
    {
        var layers = RandomLayers(seed, 4);
        using var gradients = Gradients(Layout, layers);
        var index = ConflictIndex.Compute(gradients);

        var (global, globalSum) = Plain(Concatenate(layers));
        AssertRelative(global, index.Global, 1e-6);
        AssertRelative(global / globalSum, index.GlobalNormalized, 1e-6);
        for (int l = 0; l < layers.Length; l++)
        {
            var (layer, layerSum) = Plain(layers[l]);
            AssertRelative(layer, index.PerLayer[l], 1e-6);
            AssertRelative(layer / layerSum, index.PerLayerNormalized[l], 1e-6);
        }
    }

    [Fact]
    public void MatchesAHandComputedLayer()
    {
        using var gradients = Example();
        var index = ConflictIndex.Compute(gradients);

        // Head: ‖g‖ = 1, √2, 1 and ḡ = (0, 2/3), so GCI = 2 + √2 − 3 · 2/3 = √2.
        Assert.Equal(Math.Sqrt(2), index.PerLayer[1], 12);
        Assert.Equal(Math.Sqrt(2) / (2 + Math.Sqrt(2)), index.PerLayerNormalized[1], 12);
    }

    [Fact]
    public void ComputesFloat32GradientsInDoublePrecision()
    {
        var layers = RandomLayers(4, 3);
        using var gradients = Gradients(Layout, ScalarType.Float32, layers);
        var index = ConflictIndex.Compute(gradients);

        // The reference sees the float32-rounded values.
        var rounded = layers.Select(rows => rows.Select(r => r.Select(x => (double)(float)x)
            .ToArray()).ToArray()).ToArray();
        AssertRelative(Plain(Concatenate(rounded)).Index, index.Global, 1e-9);
    }

    [Fact]
    public void IsZeroForParallelGradients()
    {
        var direction = RandomLayers(5, 1);
        double[] scales = [0.5, 1, 3, 7.25];
        var layers = direction.Select(rows => scales.Select(c => Scale(c, rows[0])).ToArray())
            .ToArray();
        using var gradients = Gradients(Layout, layers);
        var index = ConflictIndex.Compute(gradients);

        double total = Concatenate(layers).Sum(Norm);
        Assert.True(index.Global <= 1e-12 * total, $"GCI {index.Global}");
        Assert.True(index.GlobalNormalized <= 1e-12);
        Assert.All(index.PerLayer, value => Assert.True(value <= 1e-12 * total));
    }

    [Fact]
    public void ScalesWithTheGradients()
    {
        var layers = RandomLayers(6, 5);
        const double c = 37.5;
        using var gradients = Gradients(Layout, layers);
        using var scaled = Gradients(Layout,
            layers.Select(rows => rows.Select(r => Scale(c, r)).ToArray()).ToArray());
        var index = ConflictIndex.Compute(gradients);
        var scaledIndex = ConflictIndex.Compute(scaled);

        AssertRelative(c * index.Global, scaledIndex.Global, 1e-12);
        AssertRelative(index.GlobalNormalized, scaledIndex.GlobalNormalized, 1e-12);
        for (int l = 0; l < 3; l++)
        {
            AssertRelative(c * index.PerLayer[l], scaledIndex.PerLayer[l], 1e-12);
        }
    }

    [Fact]
    public void NormalisedIndexLiesBetweenZeroAndOne()
    {
        for (int seed = 10; seed < 20; seed++)
        {
            using var gradients = Gradients(Layout, RandomLayers(seed, 2 + seed % 4));
            var index = ConflictIndex.Compute(gradients);
            Assert.InRange(index.GlobalNormalized, 0, 1);
            Assert.All(index.PerLayerNormalized, value => Assert.InRange(value, 0, 1));
        }

        // Opposite gradients cancel: the index reaches its maximum, 1.
        var g = RandomLayers(21, 1);
        using var opposite = Gradients(Layout,
            g.Select(rows => new[] { rows[0], Scale(-1, rows[0]) }).ToArray());
        Assert.Equal(1, ConflictIndex.Compute(opposite).GlobalNormalized, 12);
    }

    [Fact]
    public void ZeroGradientsHaveZeroIndex()
    {
        var zeros = RandomLayers(22, 3).Select(rows => rows.Select(r => new double[r.Length])
            .ToArray()).ToArray();
        using var gradients = Gradients(Layout, zeros);
        var index = ConflictIndex.Compute(gradients);

        Assert.Equal(0, index.Global);
        Assert.Equal(0, index.GlobalNormalized);
        Assert.All(index.PerLayerNormalized, value => Assert.Equal(0, value));
    }

    static double[][][] RandomLayers(int seed, int tasks) =>
        Layout.Layers.Select((layer, l) =>
            PlainVectors.Random(100 * seed + l, tasks, (int)layer.Size)).ToArray();

    /// <summary>Σ‖g_i‖ − T‖ḡ‖ and Σ‖g_i‖ in plain doubles.</summary>
    static (double Index, double NormSum) Plain(double[][] rows)
    {
        double sum = rows.Sum(Norm);
        return (sum - rows.Length * Norm(Mean(rows)), sum);
    }

    static void AssertRelative(double expected, double actual, double tolerance) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance * Math.Abs(expected),
            $"expected {expected}, got {actual}");
}
