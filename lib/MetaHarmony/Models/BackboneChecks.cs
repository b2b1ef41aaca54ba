using static TorchSharp.torch;

namespace MetaHarmony.Models;

/// <summary>
/// Shape checks before any native call. A shape mismatch inside libtorch can abort the whole
/// process (in matmul, or inside autograd), so bad input must be stopped here, as an
/// <see cref="ArgumentException"/> that says what was expected.
/// </summary>
internal static class BackboneChecks
{
    /// <summary>Images [batch, C, H, W] and one weight per parameter.</summary>
    public static void Inputs(IBackbone backbone, Tensor images, IReadOnlyList<Tensor> weights) =>
        Check(backbone, images, weights, grouped: false);

    /// <summary>Images [T, batch, C, H, W] and weights with a leading task dimension.</summary>
    public static void TaskInputs(IBackbone backbone, Tensor images,
        IReadOnlyList<Tensor> weights) => Check(backbone, images, weights, grouped: true);

    static void Check(IBackbone backbone, Tensor images, IReadOnlyList<Tensor> weights,
        bool grouped)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(weights);
        var shape = backbone.Shape;
        var s = images.shape;
        int image = grouped ? 2 : 1;
        if (s.Length != image + 3 || s[image] != shape.Channels
            || s[image + 1] != shape.ImageSize || s[image + 2] != shape.ImageSize)
        {
            string expected = grouped ? "[tasks, batch, " : "[batch, ";
            throw new ArgumentException(
                $"Images of shape [{string.Join(", ", s)}] given to a backbone built for "
                + $"{expected}{shape.Channels}, {shape.ImageSize}, {shape.ImageSize}].",
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
            long[] expected = grouped ? [s[0], .. parameters[i].Shape] : parameters[i].Shape;
            if (!weights[i].shape.SequenceEqual(expected))
            {
                throw new ArgumentException(
                    $"Weight {i} ({parameters[i].Name}) has shape "
                    + $"[{string.Join(", ", weights[i].shape)}]; expected "
                    + $"[{string.Join(", ", expected)}].", nameof(weights));
            }
        }
    }
}
