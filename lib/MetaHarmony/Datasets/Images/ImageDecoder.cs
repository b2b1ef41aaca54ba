using StbImageSharp;

namespace MetaHarmony.Datasets;

/// <summary>One decoded image: interleaved pixels, row after row.</summary>
/// <param name="Pixels">Height * Width * channels bytes (HWC).</param>
/// <param name="Width">Width in pixels.</param>
/// <param name="Height">Height in pixels.</param>
internal sealed record DecodedImage(byte[] Pixels, int Width, int Height);

/// <summary>
/// Decodes PNG, JPEG, BMP, GIF and TGA files with StbImageSharp, a managed port of stb_image
/// (no native library to ship). Grey is computed from colour with stb's luma weights.
/// </summary>
internal static class ImageDecoder
{
    /// <summary>Decodes <paramref name="path"/> to <paramref name="channels"/> channels.</summary>
    /// <exception cref="InvalidDataException">The file cannot be read (an I/O error, a dangling
    /// link) or is not a readable image; the message names it.</exception>
    public static DecodedImage Decode(string path, int channels)
    {
        // Reading is inside the guard too: a file that cannot be read (an I/O error) gets the
        // same path-naming error as one that cannot be decoded, and is skipped the same way.
        byte[]? bytes = null;
        ImageResult image;
        try
        {
            bytes = File.ReadAllBytes(path);
            image = ImageResult.FromMemory(bytes,
                channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw Unusable(path, bytes is null ? "cannot be read" : "cannot be decoded",
                error.Message, error);
        }

        if (image?.Data is null || image.Width <= 0 || image.Height <= 0
            || image.Data.Length != image.Width * image.Height * channels)
        {
            throw Unusable(path, "cannot be decoded", "no pixels", null);
        }
        return new DecodedImage(image.Data, image.Width, image.Height);
    }

    static InvalidDataException Unusable(string path, string what, string reason,
        Exception? inner) =>
        new($"Image '{path}' {what} ({reason}); replace or delete the file, or set "
            + "DatasetOptions.SkipCorruptImages to leave such files out.", inner);
}
