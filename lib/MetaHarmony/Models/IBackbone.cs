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
    /// All tasks of a meta-batch in one pass, each with its own weights: logits [T, n, ways]
    /// for images [T, n, C, H, W] under weights with a leading task dimension [T, ...]. Equal,
    /// task by task, to <see cref="Forward"/>; faster where one task leaves the device idle.
    /// </summary>
    Tensor ForwardTasks(Tensor images, IReadOnlyList<Tensor> weights);

    /// <summary>
    /// Fresh initial weights drawn from <paramref name="seed"/> alone, on the CPU in float32:
    /// the same seed gives the same values on every machine.
    /// </summary>
    IReadOnlyList<Tensor> InitialWeights(long seed);
}
