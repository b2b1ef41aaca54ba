namespace MetaHarmony.Models;

/// <summary>Settings of the 12-layer residual backbone used in the few-shot literature.</summary>
public sealed record ResNet12Options
{
    /// <summary>Channels of the four residual blocks; 64, 160, 320, 640 as is usual.</summary>
    public IReadOnlyList<int> Channels { get; init; } = [64, 160, 320, 640];

    /// <summary>Nonlinearity after each batch norm; leaky ReLU (slope 0.1) as is usual.</summary>
    public Activation Activation { get; init; } = Activation.LeakyRelu;

    /// <summary>The precision of the convolutions (full by default; bfloat16 for GPUs).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Full;

    /// <summary>Batch norm's epsilon.</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;
}
