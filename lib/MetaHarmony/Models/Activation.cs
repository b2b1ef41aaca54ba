using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Models;

/// <summary>The nonlinearity after each batch norm.</summary>
public enum Activation
{
    /// <summary>max(0, x), as in MAML's Conv4.</summary>
    Relu,

    /// <summary>Leaky ReLU with slope 0.1, as in the usual few-shot ResNet12.</summary>
    LeakyRelu,

    /// <summary>
    /// log(1 + e^x): smooth, so gradients can be checked against finite differences.
    /// </summary>
    Softplus,
}

/// <summary>Applies an <see cref="Activation"/>.</summary>
public static class ActivationFunctions
{
    /// <summary>The activation of <paramref name="x"/>.</summary>
    public static Tensor Apply(this Activation activation, Tensor x) => activation switch
    {
        Activation.Relu => F.relu(x),
        Activation.LeakyRelu => F.leaky_relu(x, 0.1),
        Activation.Softplus => F.softplus(x),
        _ => throw new ArgumentOutOfRangeException(nameof(activation), activation,
            "Unknown activation."),
    };
}
