namespace MetaHarmony.Models;

/// <summary>Settings of the four-block convolutional backbone.</summary>
public sealed record Conv4Options
{
    /// <summary>Filters per block: 32 in MAML's miniImageNet network, 64 for Omniglot.</summary>
    public int Filters { get; init; } = 32;

    /// <summary>
    /// Max pooling (miniImageNet setup) or strided convolutions (Omniglot setup).
    /// </summary>
    public Downsampling Downsampling { get; init; } = Downsampling.MaxPool;

    /// <summary>Nonlinearity after each batch norm.</summary>
    public Activation Activation { get; init; } = Activation.Relu;

    /// <summary>The precision of the convolutions (full by default; bfloat16 for GPUs).</summary>
    public ComputePrecision Precision { get; init; } = ComputePrecision.Full;

    /// <summary>
    /// Memory layout of the activations in <see cref="Conv4.Forward"/> (channels-last on a CPU
    /// by default). The grouped all-tasks pass stays contiguous.
    /// </summary>
    public ActivationLayout Layout { get; init; } = ActivationLayout.Auto;

    /// <summary>Batch norm's epsilon.</summary>
    public double BatchNormEpsilon { get; init; } = 1e-5;
}
