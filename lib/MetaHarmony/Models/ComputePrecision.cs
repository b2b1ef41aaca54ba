using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// The precision convolutions compute in. Weights, batch norm, losses and gradients stay in
/// the weights' precision (float32); only the convolutions' inputs are cast down and their
/// outputs cast back, so the casts are part of the graph and second-order MAML still works.
/// Worth it on GPUs with tensor cores; on a CPU it is slower.
/// </summary>
public enum ComputePrecision
{
    /// <summary>Everything in the weights' precision (the default).</summary>
    Full,

    /// <summary>Convolutions in bfloat16: float32's range, fewer mantissa bits.</summary>
    BFloat16,

    /// <summary>Convolutions in float16.</summary>
    Float16,
}

/// <summary>Runs a convolution in a <see cref="ComputePrecision"/>.</summary>
internal static class Convolutions
{
    public static Tensor In(ComputePrecision precision, Tensor x, Tensor weight, Tensor? bias,
        Func<Tensor, Tensor, Tensor?, Tensor> convolution)
    {
        if (precision == ComputePrecision.Full)
        {
            return convolution(x, weight, bias);
        }

        var type = precision == ComputePrecision.BFloat16
            ? ScalarType.BFloat16 : ScalarType.Float16;
        using var low = convolution(x.to(type), weight.to(type), bias?.to(type));
        return low.to(x.dtype);
    }
}
