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
    /// <exception cref="InvalidDataException">The file is not a readable image; the message
    /// names it.</exception>
    public static DecodedImage Decode(string path, int channels)
    {
        byte[] bytes = File.ReadAllBytes(path);
        ImageResult image;
        try
        {
            image = ImageResult.FromMemory(bytes,
                channels == 1 ? ColorComponents.Grey : ColorComponents.RedGreenBlue);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw Corrupt(path, error.Message, error);
        }

        if (image?.Data is null || image.Width <= 0 || image.Height <= 0
            || image.Data.Length != image.Width * image.Height * channels)
        {
            throw Corrupt(path, "no pixels", null);
        }
        return new DecodedImage(image.Data, image.Width, image.Height);
    }

    static InvalidDataException Corrupt(string path, string reason, Exception? inner) =>
        new($"Image '{path}' cannot be decoded ({reason}); replace or delete the file, or set "
            + "DatasetOptions.SkipCorruptImages to leave such files out.", inner);
}
