namespace MetaHarmony.Models;

/// <summary>How a Conv4 block halves the feature map.</summary>
public enum Downsampling
{
    /// <summary>Stride-1 convolution, then 2x2 max pooling (MAML's miniImageNet network).</summary>
    MaxPool,

    /// <summary>Stride-2 convolution, no pooling (MAML's Omniglot network).</summary>
    Strided,
}
