using System.Globalization;

namespace MetaHarmony.Tests.Fixtures;

/// <summary>
/// Small copies of each real dataset's layout, written as real image files. Pixel values
/// follow <see cref="ImageFixtures.ValueOf"/>, counted over all classes in the order written,
/// so a test can tell which file an image came from.
/// </summary>
internal static class LayoutFixtures
{
    /// <summary>root/{train,val,test}/classNN/imageNN.ext, as processed miniImageNet,
    /// tieredImageNet and any image folder.</summary>
    public static void ImageFolder(string root, int[] classesPerSplit, int imagesPerClass,
        string extension = ".png", int channels = 3, int size = 12)
    {
        string[] splits = ["train", "val", "test"];
        int classIndex = 0;
        for (int s = 0; s < 3; s++)
        {
            for (int c = 0; c < classesPerSplit[s]; c++, classIndex++)
            {
                for (int i = 0; i < imagesPerClass; i++)
                {
                    string file = Path.Combine(root, splits[s], Name("class", classIndex),
                        Name("image", i) + extension);
                    ImageFixtures.Write(file, size, size, channels,
                        ImageFixtures.ValueOf(classIndex, i));
                }
            }
        }
    }

    /// <summary>
    /// Omniglot: images_background and images_evaluation, each with
    /// <paramref name="alphabetsPerFolder"/> alphabets of <paramref name="charactersPerAlphabet"/>
    /// characters of <paramref name="drawers"/> 20x20 grey PNGs.
    /// </summary>
    public static IReadOnlyList<string> Omniglot(string root, int alphabetsPerFolder,
        int charactersPerAlphabet, int drawers)
    {
        var names = new List<string>();
        int classIndex = 0;
        foreach (string folder in new[] { "images_background", "images_evaluation" })
        {
            for (int a = 0; a < alphabetsPerFolder; a++)
            {
                string alphabet = $"{folder[7..10]}_Alphabet{a}";
                for (int c = 1; c <= charactersPerAlphabet; c++, classIndex++)
                {
                    string character = Name("character", c);
                    names.Add($"{alphabet}/{character}");
                    for (int d = 0; d < drawers; d++)
                    {
                        string file = Path.Combine(root, folder, alphabet, character,
                            $"{classIndex:D4}_{d + 1:D2}.png");
                        ImageFixtures.Write(file, Glyph(classIndex, d), 20, 20, 1);
                    }
                }
            }
        }
        return names;
    }

    /// <summary>
    /// An asymmetric 20x20 image (an L of ink whose place depends on the class), so that
    /// rotations can be checked after loading.
    /// </summary>
    public static byte[] Glyph(int classIndex, int drawer)
    {
        var pixels = new byte[20 * 20];
        Array.Fill(pixels, (byte)255);
        int column = 2 + classIndex % 10, row = 2 + drawer % 6;
        for (int y = row; y < row + 12; y++)
        {
            pixels[y * 20 + column] = 0;
        }
        for (int x = column; x < Math.Min(column + 7, 20); x++)
        {
            pixels[(row + 11) * 20 + x] = 0;
        }
        return pixels;
    }

    /// <summary>
    /// miniImageNet as Ravi and Larochelle ship it: images/NAME.jpg and three CSVs of
    /// "filename,label", classes named like wnids.
    /// </summary>
    public static void MiniImageNetCsv(string root, int[] classesPerSplit, int imagesPerClass,
        string extension = ".png")
    {
        string[] splits = ["train", "val", "test"];
        int classIndex = 0;
        for (int s = 0; s < 3; s++)
        {
            var lines = new List<string> { "filename,label" };
            for (int c = 0; c < classesPerSplit[s]; c++, classIndex++)
            {
                string wnid = $"n{classIndex:D8}";
                for (int i = 0; i < imagesPerClass; i++)
                {
                    string file = $"{wnid}{i:D8}{extension}";
                    lines.Add($"{file},{wnid}");
                    ImageFixtures.Write(Path.Combine(root, "images", file), 16, 12, 3,
                        ImageFixtures.ValueOf(classIndex, i));
                }
            }
            File.WriteAllLines(Path.Combine(root, splits[s] + ".csv"), lines);
        }
    }

    /// <summary>CUB_200_2011/images/NNN.Species_c/*.jpg for <paramref name="classes"/>
    /// classes.</summary>
    public static void Cub(string root, int classes, int imagesPerClass)
    {
        for (int c = 0; c < classes; c++)
        {
            string folder = Path.Combine(root, "CUB_200_2011", "images",
                $"{c + 1:D3}.Species_{c}");
            for (int i = 0; i < imagesPerClass; i++)
            {
                ImageFixtures.Write(Path.Combine(folder, $"Species_{c}_{i:D4}.jpg"), 20, 14, 3,
                    ImageFixtures.ValueOf(c, i));
            }
        }
    }

    static string Name(string prefix, int index) =>
        prefix + index.ToString("D2", CultureInfo.InvariantCulture);
}
