using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// Runs layers one after another and lets go of each intermediate activation as soon as the
/// next exists. Autograd keeps what it needs; without this the managed handles would keep
/// every activation alive until the surrounding dispose scope ends, so a backward pass could
/// not free them as it goes, and peak memory would be far above PyTorch's for the same network.
/// </summary>
internal sealed class ActivationChain
{
    readonly Tensor input;
    Tensor current;

    /// <summary>A chain that starts at <paramref name="input"/>, which it never releases.</summary>
    public ActivationChain(Tensor input)
    {
        this.input = input;
        current = input;
    }

    /// <summary>The last layer's output.</summary>
    public Tensor Result => current;

    /// <summary>Applies <paramref name="layer"/> to the current activation.</summary>
    public ActivationChain Then(Func<Tensor, Tensor> layer)
    {
        var next = layer(current);
        Release(current);
        current = next;
        return this;
    }

    /// <summary>Releases <paramref name="activation"/> unless it is the chain's input.</summary>
    public void Release(Tensor activation)
    {
        if (!ReferenceEquals(activation, input))
        {
            activation.Dispose();
        }
    }
}
