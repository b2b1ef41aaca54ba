using StbImageWriteSharp;

namespace MetaHarmony.Tests.Fixtures;

/// <summary>
/// Writes real PNG and JPEG files for the loaders to read back. Most images are flat, one grey
/// or colour value that encodes an identity (<see cref="ValueOf"/>), so tests can tell images
/// apart after decoding and resizing; <see cref="WriteQuadrants"/> gives an image spatial and
/// colour structure, so orientation and channel order can be checked.
/// </summary>
internal static class ImageFixtures
{
    /// <summary>Writes a width x height image of <paramref name="channels"/> channels, every
    /// pixel <paramref name="value"/>, as PNG or JPEG by the extension.</summary>
    public static void Write(string path, int width, int height, int channels, byte value)
    {
        var pixels = new byte[width * height * channels];
        Array.Fill(pixels, value);
        Write(path, pixels, width, height, channels);
    }

    /// <summary>Writes interleaved (HWC) pixels as PNG or JPEG by the extension.</summary>
    public static void Write(string path, byte[] pixels, int width, int height, int channels)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        var components = channels switch
        {
            1 => ColorComponents.Grey,
            3 => ColorComponents.RedGreenBlue,
            _ => throw new ArgumentOutOfRangeException(nameof(channels)),
        };
        using var stream = File.Create(path);
        var writer = new ImageWriter();
        if (path.EndsWith(".png", StringComparison.OrdinalIgnoreCase))
        {
            writer.WritePng(pixels, width, height, components, stream);
        }
        else
        {
            writer.WriteJpg(pixels, width, height, components, stream, 95);
        }
    }

    /// <summary>
    /// Writes a width x height RGB image whose four quadrants are flat colours, given as
    /// (R, G, B) in the order top left, top right, bottom left, bottom right.
    /// </summary>
    public static void WriteQuadrants(string path, int width, int height,
        IReadOnlyList<(byte R, byte G, byte B)> colours)
    {
        var pixels = new byte[width * height * 3];
        for (int y = 0; y < height; y++)
        {
            for (int x = 0; x < width; x++)
            {
                var (r, g, b) = colours[(y < height / 2 ? 0 : 2) + (x < width / 2 ? 0 : 1)];
                int at = (y * width + x) * 3;
                (pixels[at], pixels[at + 1], pixels[at + 2]) = (r, g, b);
            }
        }
        Write(path, pixels, width, height, 3);
    }

    /// <summary>A file that claims to be an image and is not.</summary>
    public static void WriteCorrupt(string path)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, [0x89, (byte)'P', (byte)'N', (byte)'G', 1, 2, 3, 4, 5]);
    }

    /// <summary>
    /// A value that identifies (class, image) in a fixture: distinct for up to 25 classes of
    /// up to 10 images, and far enough apart (at least 1) to survive lossless resizing of a
    /// flat image exactly.
    /// </summary>
    public static byte ValueOf(int classIndex, int image) => (byte)(classIndex * 10 + image);
}
