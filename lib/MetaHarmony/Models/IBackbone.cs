using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// A classifier written as a pure function of explicit weights, so that the inner loop can run
/// it on fast weights (adapted copies) while the meta-parameters stay untouched.
/// </summary>
public interface IBackbone
{
    /// <summary>The parameter tensors, their order, and how they group into layers.</summary>
    ModelLayout Layout { get; }

    /// <summary>Input channels, image side and output classes the backbone was built for.</summary>
    BackboneShape Shape { get; }

    /// <summary>
    /// Logits [batch, ways] for images [batch, C, H, W] under <paramref name="weights"/>.
    /// </summary>
    /// <param name="images">A batch of images shaped as <see cref="Shape"/> says.</param>
    /// <param name="weights">One tensor per <see cref="ModelLayout.Parameters"/> entry.</param>
    Tensor Forward(Tensor images, IReadOnlyList<Tensor> weights);

    /// <summary>
    /// Fresh initial weights drawn from <paramref name="seed"/> alone, on the CPU in float32:
    /// the same seed gives the same values on every machine.
    /// </summary>
    IReadOnlyList<Tensor> InitialWeights(long seed);
}
