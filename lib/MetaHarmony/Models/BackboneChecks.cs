using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// Shape checks before any native call. A shape mismatch inside libtorch can abort the whole
/// process (in matmul, or inside autograd), so bad input must be stopped here, as an
/// <see cref="ArgumentException"/> that says what was expected.
/// </summary>
internal static class BackboneChecks
{
    public static void Inputs(IBackbone backbone, Tensor images, IReadOnlyList<Tensor> weights)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(weights);
        var shape = backbone.Shape;
        var s = images.shape;
        if (s.Length != 4 || s[1] != shape.Channels || s[2] != shape.ImageSize
            || s[3] != shape.ImageSize)
        {
            throw new ArgumentException(
                $"Images of shape [{string.Join(", ", s)}] given to a backbone built for "
                + $"[batch, {shape.Channels}, {shape.ImageSize}, {shape.ImageSize}].",
                nameof(images));
        }

        var parameters = backbone.Layout.Parameters;
        if (weights.Count != parameters.Count)
        {
            throw new ArgumentException(
                $"{weights.Count} weight tensors given; the backbone has {parameters.Count}.",
                nameof(weights));
        }

        for (int i = 0; i < parameters.Count; i++)
        {
            if (!weights[i].shape.SequenceEqual(parameters[i].Shape))
            {
                throw new ArgumentException(
                    $"Weight {i} ({parameters[i].Name}) has shape "
                    + $"[{string.Join(", ", weights[i].shape)}]; expected "
                    + $"[{string.Join(", ", parameters[i].Shape)}].", nameof(weights));
            }
        }
    }
}
