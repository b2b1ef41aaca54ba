using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// Seeded initial values, drawn on the CPU so that every device gets the same ones.
/// </summary>
internal static class WeightInit
{
    /// <summary>
    /// U(-1/sqrt(fanIn), 1/sqrt(fanIn)), PyTorch's default for convolution and linear weights
    /// and biases, so that our networks start like the reference implementations.
    /// </summary>
    public static Tensor FanInUniform(Generator generator, long[] shape, long fanIn)
    {
        double bound = 1.0 / Math.Sqrt(fanIn);
        using var unit = rand(shape, ScalarType.Float32, generator: generator);
        return unit.mul(2 * bound).sub_(bound);
    }

    /// <summary>Batch-norm scale: ones.</summary>
    public static Tensor Ones(long[] shape) => ones(shape, ScalarType.Float32);

    /// <summary>Batch-norm shift: zeros.</summary>
    public static Tensor Zeros(long[] shape) => zeros(shape, ScalarType.Float32);
}
