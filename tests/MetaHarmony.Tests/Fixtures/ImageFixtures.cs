using StbImageWriteSharp;

namespace MetaHarmony.Tests.Fixtures;

/// <summary>
/// Writes real PNG and JPEG files for the loaders to read back. Each image is flat grey or
/// colour with a bright square whose place encodes an identity, so tests can tell images
/// apart after decoding and resizing.
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
