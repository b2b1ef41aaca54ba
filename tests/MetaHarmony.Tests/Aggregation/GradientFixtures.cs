using MetaHarmony.Aggregation;
using MetaHarmony.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Aggregation;

/// <summary>Small layouts and task gradients whose aggregates can be worked out by hand.</summary>
internal static class GradientFixtures
{
    /// <summary>
    /// Layer "conv": a [2, 2] weight and a [2] bias (D = 6, 2 units; elements w00 w01 w10 w11
    /// b0 b1); layer "head": a [1, 2] weight (D = 2, 1 unit). Each layer its own block.
    /// </summary>
    public static ModelLayout TwoLayers() => new(
        [new("conv.weight", [2, 2], 0), new("conv.bias", [2], 0), new("head.weight", [1, 2], 1)],
        ["conv", "head"], [0, 1], ["block0", "block1"]);

    /// <summary>The conv layer's gradients of the three tasks of the hand examples.</summary>
    public static double[][] Conv { get; } =
        [[1, 0, 2, 0, 1, 0], [0, 1, 0, -1, 1, 1], [1, 1, -2, 1, 0, 1]];

    /// <summary>The head layer's gradients of the three tasks of the hand examples.</summary>
    public static double[][] Head { get; } = [[1, 0], [-1, 1], [0, 1]];

    /// <summary>The hand example: 3 tasks, 2 layers.</summary>
    public static TaskGradients Example(ScalarType dtype = ScalarType.Float64) =>
        Gradients(TwoLayers(), dtype, Conv, Head);

    /// <summary>Task gradients from per-layer rows (one row per task).</summary>
    public static TaskGradients Gradients(ModelLayout layout, params double[][][] layers) =>
        Gradients(layout, ScalarType.Float64, layers);

    /// <summary>Task gradients of the given dtype from per-layer rows.</summary>
    public static TaskGradients Gradients(ModelLayout layout, ScalarType dtype,
        params double[][][] layers) =>
        new(layout, layers.Select(rows => tensor(rows.SelectMany(r => r).ToArray(),
            [rows.Length, rows[0].Length]).to_type(dtype)).ToList());

    /// <summary>The run context used where nothing random happens.</summary>
    public static AggregationContext Context { get; } = new(0, 0);

    /// <summary>A tensor's values as doubles.</summary>
    public static double[] Read(Tensor t)
    {
        using var scope = NewDisposeScope();
        return t.to_type(ScalarType.Float64).cpu().data<double>().ToArray();
    }

    /// <summary>Asserts elementwise closeness with an absolute tolerance.</summary>
    public static void AssertClose(double[] expected, Tensor actual, double tolerance = 1e-12)
    {
        var values = Read(actual);
        Assert.Equal(expected.Length, values.Length);
        for (int k = 0; k < expected.Length; k++)
        {
            Assert.True(Math.Abs(expected[k] - values[k]) <= tolerance,
                $"element {k}: expected {expected[k]}, got {values[k]}");
        }
    }
}
