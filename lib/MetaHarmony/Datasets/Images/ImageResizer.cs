using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Datasets;

/// <summary>
/// Resizes decoded images to the configured square on the tensor side: bilinear with
/// anti-aliasing (a proper low-pass filter when shrinking, as PIL does), rounded back to
/// uint8. Images of one size are resized together, in one call.
/// </summary>
internal static class ImageResizer
{
    /// <summary>
    /// Writes each image of <paramref name="images"/>, resized to size x size and laid out as
    /// CHW, into <paramref name="destination"/>, one after another.
    /// </summary>
    public static void Resize(IReadOnlyList<DecodedImage> images, int channels, int size,
        Span<byte> destination)
    {
        int bytesPerImage = channels * size * size;
        if (destination.Length != images.Count * bytesPerImage)
        {
            throw new ArgumentException(
                $"Destination holds {destination.Length} bytes; {images.Count} images need "
                + $"{images.Count * bytesPerImage}.", nameof(destination));
        }

        var groups = Enumerable.Range(0, images.Count)
            .GroupBy(i => (images[i].Width, images[i].Height));
        foreach (var group in groups)
        {
            using var scope = NewDisposeScope();
            var members = group.ToArray();
            var (width, height) = group.Key;
            var stacked = new byte[members.Length * images[members[0]].Pixels.Length];
            for (int m = 0; m < members.Length; m++)
            {
                images[members[m]].Pixels.CopyTo(stacked, m * images[members[m]].Pixels.Length);
            }

            var batch = tensor(stacked, [members.Length, height, width, channels])
                .permute(0, 3, 1, 2);
            if (width != size || height != size)
            {
                batch = F.interpolate(batch.to(ScalarType.Float32), [size, size],
                        mode: InterpolationMode.Bilinear, align_corners: false, antialias: true)
                    .round_().clamp_(0, 255).to(ScalarType.Byte);
            }

            var contiguous = batch.contiguous();
            var packed = contiguous.bytes;
            for (int m = 0; m < members.Length; m++)
            {
                packed.Slice(m * bytesPerImage, bytesPerImage)
                    .CopyTo(destination.Slice(members[m] * bytesPerImage, bytesPerImage));
            }
        }
    }
}
