using MetaHarmony.Datasets;
using MetaHarmony.Runtime;
using MetaHarmony.Tests.Fixtures;

namespace MetaHarmony.Tests.Datasets;

/// <summary>Each real layout, written small as real files and read through
/// <see cref="FewShotDatasets.Load"/>, the code users run.</summary>
public sealed class LayoutTests
{
    public LayoutTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void TheMamlSplitOfOmniglotHasMamlsSizes()
    {
        var parts = OmniglotLayout.MamlSplit(1623, seed: 1);

        Assert.Equal([1100, 100, 423], parts.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 1623), parts.SelectMany(p => p).Order());
        Assert.Equal(parts[2], OmniglotLayout.MamlSplit(1623, seed: 1)[2]);
        Assert.NotEqual(parts[2], OmniglotLayout.MamlSplit(1623, seed: 2)[2]);
    }

    [Fact]
    public void SmallerOmniglotsAreSplitInTheSameProportions()
    {
        var parts = OmniglotLayout.MamlSplit(30, seed: 1);

        Assert.Equal([20, 2, 8], parts.Select(p => p.Count));
        Assert.Equal([1, 1, 1], OmniglotLayout.MamlSplit(3, 1).Select(p => p.Count));
    }

    [Fact]
    public void OmniglotLoadsWithTheMamlSplit()
    {
        using var folder = new TempFolder();
        var names = LayoutFixtures.Omniglot(folder.Path, alphabetsPerFolder: 2,
            charactersPerAlphabet: 4, drawers: 3);

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "omniglot", Root = folder.Path, ImageSize = 20,
        });

        var parts = OmniglotLayout.MamlSplit(16, seed: 1);
        var sorted = names.Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(parts[0].Order().Select(i => sorted[i]), dataset.Train.ClassNames);
        Assert.Equal(parts[2].Order().Select(i => sorted[i]), dataset.Test.ClassNames);
        Assert.Equal([11L * 3, 1, 20, 20], dataset.Train.Images.shape);
        Assert.Equal([1L * 3, 1, 20, 20], dataset.Validation.Images.shape);

        // At its own size an image comes back byte for byte, in drawer order.
        string first = dataset.Test.ClassNames[0];
        int classIndex = names.ToList().IndexOf(first);
        Assert.Equal(LayoutFixtures.Glyph(classIndex, 2), Pixels(dataset.Test, 2));
    }

    [Fact]
    public void OmniglotResizesTo28ByDefault()
    {
        using var folder = new TempFolder();
        LayoutFixtures.Omniglot(folder.Path, 1, 3, 2);

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "omniglot", Root = folder.Path,
        });

        Assert.Equal([1, 28, 28], dataset.Train.Images.shape.Skip(1));
    }

    [Fact]
    public void TheVinyalsSplitMakesEachRotationAClass()
    {
        using var folder = new TempFolder();
        var names = LayoutFixtures.Omniglot(folder.Path, 1, 3, 2);
        string splits = folder["splits"];
        Directory.CreateDirectory(splits);
        File.WriteAllLines(Path.Combine(splits, "train.txt"),
            [$"{names[0]}/rot000", $"{names[0]}/rot090", $"{names[1]}/rot180", ""]);
        File.WriteAllLines(Path.Combine(splits, "val.txt"), [$"{names[2]}/rot270"]);
        File.WriteAllLines(Path.Combine(splits, "test.txt"), [$"{names[3]}/rot000"]);

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "omniglot", Root = folder.Path, ImageSize = 20,
            OmniglotSplit = OmniglotSplitKind.Vinyals, SplitFolder = splits,
        });

        Assert.Equal([$"{names[0]}/rot000", $"{names[0]}/rot090", $"{names[1]}/rot180"],
            dataset.Train.ClassNames);
        Assert.Equal(6, dataset.Train.Images.shape[0]);
        var upright = LayoutFixtures.Glyph(0, 1);
        Assert.Equal(upright, Pixels(dataset.Train, 1));
        Assert.Equal(TurnCounterClockwise(upright, 20, 1), Pixels(dataset.Train, 3));
        Assert.Equal(TurnCounterClockwise(LayoutFixtures.Glyph(1, 0), 20, 2),
            Pixels(dataset.Train, 4));
        Assert.Equal(TurnCounterClockwise(LayoutFixtures.Glyph(2, 0), 20, 3),
            Pixels(dataset.Validation, 0));
    }

    [Fact]
    public void MiniImageNetLoadsFromItsSplitFiles()
    {
        using var folder = new TempFolder();
        LayoutFixtures.MiniImageNetCsv(folder.Path, [3, 2, 2], imagesPerClass: 4);

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "miniimagenet", Root = folder.Path,
        });

        Assert.Equal([12L, 3, 84, 84], dataset.Train.Images.shape);
        Assert.Equal(["n00000003", "n00000004"], dataset.Validation.ClassNames);
        Assert.Equal([0L, 4, 8], dataset.Test.ClassOffsets);

        // Flat images stay flat through the resize: image 2 of the sixth class.
        Assert.All(Pixels(dataset.Test, 6), v => Assert.Equal(ImageFixtures.ValueOf(6, 2), v));
    }

    [Fact]
    public void MiniImageNetLoadsFromProcessedFolders()
    {
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [3, 2, 2], 4, extension: ".jpg");

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "miniimagenet", Root = folder.Path,
        });

        Assert.Equal([8L, 3, 84, 84], dataset.Validation.Images.shape);
        Assert.Equal(["class03", "class04"], dataset.Validation.ClassNames);
        AssertNear(ImageFixtures.ValueOf(4, 1), Pixels(dataset.Validation, 5), tolerance: 3);
    }

    [Fact]
    public void TieredImageNetLoadsFromProcessedFolders()
    {
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 3], 3);

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "tieredimagenet", Root = folder.Path, ImageSize = 12,
        });

        Assert.Equal([9L, 3, 12, 12], dataset.Test.Images.shape);
        Assert.Equal(["class04", "class05", "class06"], dataset.Test.ClassNames);
        Assert.All(Pixels(dataset.Train, 4), v => Assert.Equal(ImageFixtures.ValueOf(1, 1), v));
    }

    [Fact]
    public void AnyImageFolderLoadsInGreyOrColour()
    {
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 1, 1], 2, channels: 3);

        using var grey = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "folder", Root = folder.Path, ImageSize = 6, Channels = 1,
        });

        Assert.Equal([4L, 1, 6, 6], grey.Train.Images.shape);
        Assert.All(Pixels(grey.Train, 3), v => Assert.Equal(ImageFixtures.ValueOf(1, 1), v));
    }

    [Fact]
    public void TheCubSplitRuleGivesOneHundredFiftyFifty()
    {
        var splits = Enumerable.Range(0, 200).Select(CubLayout.SplitOf).ToArray();

        Assert.Equal(100, splits.Count(s => s == 0));
        Assert.Equal(50, splits.Count(s => s == 1));
        Assert.Equal(50, splits.Count(s => s == 2));
        Assert.Equal([0, 1, 0, 2, 0, 1, 0, 2], splits.Take(8));
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void CubLoadsFromItsOwnFolderOrTheOneAbove(bool pointAtCubFolder)
    {
        using var folder = new TempFolder();
        LayoutFixtures.Cub(folder.Path, classes: 8, imagesPerClass: 3);
        string root = pointAtCubFolder ? folder["CUB_200_2011"] : folder.Path;

        using var dataset = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "cub", Root = root, ImageSize = 10,
        });

        Assert.Equal(["001.Species_0", "003.Species_2", "005.Species_4", "007.Species_6"],
            dataset.Train.ClassNames);
        Assert.Equal(["002.Species_1", "006.Species_5"], dataset.Validation.ClassNames);
        Assert.Equal(["004.Species_3", "008.Species_7"], dataset.Test.ClassNames);
        AssertNear(ImageFixtures.ValueOf(7, 1), Pixels(dataset.Test, 4), tolerance: 3);
    }

    [Fact]
    public void ResizingKeepsOrientationChannelOrderAndLumaWeights()
    {
        (byte R, byte G, byte B)[] colours =
            [(200, 30, 60), (20, 180, 40), (40, 60, 220), (240, 230, 20)];
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [1, 1, 1], 1);
        // 40 wide and 20 high: swapping height and width would move the quadrants.
        ImageFixtures.WriteQuadrants(folder["train/class00/image00.png"], 40, 20, colours);
        var options = new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 };

        using var rgb = FewShotDatasets.Load(options);
        using var grey = FewShotDatasets.Load(options with { Channels = 1 });

        var chw = Pixels(rgb.Train, 0);
        var luma = Pixels(grey.Train, 0);
        Assert.Equal(3 * 8 * 8, chw.Length);
        // Output rows 0-2 and 5-7 and columns 0-2 and 5-7 see one quadrant only, even through
        // the anti-aliasing filter (2.5 source rows and 5 source columns an output pixel).
        foreach (var (quadrant, top, left) in new[] { (0, 0, 0), (1, 0, 5), (2, 5, 0), (3, 5, 5) })
        {
            var (r, g, b) = colours[quadrant];
            double expectedGrey = 0.299 * r + 0.587 * g + 0.114 * b;
            for (int y = top; y < top + 3; y++)
            {
                for (int x = left; x < left + 3; x++)
                {
                    int at = y * 8 + x;
                    Assert.InRange(chw[at], r - 1, r + 1);
                    Assert.InRange(chw[64 + at], g - 1, g + 1);
                    Assert.InRange(chw[128 + at], b - 1, b + 1);
                    Assert.InRange(luma[at], expectedGrey - 1, expectedGrey + 1);
                }
            }
        }
    }

    internal static byte[] Pixels(ImageSplit split, long image) =>
        split.Images[image].cpu().data<byte>().ToArray();

    // JPEG is lossy: a flat image comes back within a few levels of its value.
    static void AssertNear(byte expected, byte[] pixels, int tolerance) =>
        Assert.All(pixels, v => Assert.InRange(v, expected - tolerance, expected + tolerance));

    static byte[] TurnCounterClockwise(byte[] pixels, int size, int quarterTurns)
    {
        for (int turn = 0; turn < quarterTurns; turn++)
        {
            var turned = new byte[pixels.Length];
            for (int row = 0; row < size; row++)
            {
                for (int column = 0; column < size; column++)
                {
                    // Counter-clockwise: the top row becomes the left column, read upwards.
                    turned[row * size + column] = pixels[column * size + (size - 1 - row)];
                }
            }
            pixels = turned;
        }
        return pixels;
    }
}
