using MetaHarmony.Datasets;
using MetaHarmony.Experiments;
using MetaHarmony.Runtime;
using MetaHarmony.Tests.Fixtures;

namespace MetaHarmony.Tests.Datasets;

/// <summary>Every kind of bad input fails with a message that names the offending value.
/// </summary>
public sealed class DatasetErrorTests
{
    public DatasetErrorTests() => TorchRuntime.EnsureInitialized();

    [Theory]
    [InlineData("imagenet", "Name", "'imagenet'")]
    [InlineData("folder", "Root", "needs Root")]
    [InlineData("kanji", "ImageSize", "ImageSize = 2")]
    [InlineData("kanji", "Channels", "Channels = 2")]
    [InlineData("kanji", "KanjiInstances", "KanjiInstances = 0")]
    [InlineData("omniglot", "SplitFolder", "needs SplitFolder")]
    public void BadOptionsAreNamed(string name, string bad, string expected)
    {
        var options = new DatasetOptions { Name = name, Root = name == "omniglot" ? "/x" : null };
        options = bad switch
        {
            "ImageSize" => options with { ImageSize = 2 },
            "Channels" => options with { Channels = 2 },
            "KanjiInstances" => options with { KanjiInstances = 0 },
            "SplitFolder" => options with { OmniglotSplit = OmniglotSplitKind.Vinyals },
            _ => options,
        };

        var error = Assert.Throws<ArgumentException>(() => FewShotDatasets.Load(options));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Equal(bad, error.ParamName);
    }

    [Theory]
    [InlineData("cub", "CUB-200-2011", "CUB_200_2011/images/NNN.Species/*.jpg")]
    [InlineData("omniglot", "Omniglot", "images_background/ and images_evaluation/")]
    [InlineData("miniimagenet", "miniImageNet", "train.csv, val.csv and test.csv")]
    [InlineData("tieredimagenet", "tieredImageNet", "root/{train,val,test}/<class>/<image>")]
    [InlineData("folder", "Image folders", "root/{train,val,test}/<class>/<image>")]
    public void AMissingRootIsNamedWithTheLayoutExpected(string name, string section,
        string layout)
    {
        using var folder = new TempFolder();
        string root = folder["nowhere"];

        var error = Assert.Throws<DirectoryNotFoundException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = name, Root = root }));

        Assert.Contains($"'{root}'", error.Message, StringComparison.Ordinal);
        Assert.Contains(layout, error.Message, StringComparison.Ordinal);
        Assert.Contains($"data/README.md, section '{section}'", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void ACubRootWithoutItsImagesFolderNamesThePathExpected()
    {
        using var folder = new TempFolder();
        Directory.CreateDirectory(folder["CUB_200_2011"]);

        var error = Assert.Throws<DirectoryNotFoundException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "cub", Root = folder.Path }));

        string expected = Path.Combine(folder.Path, "CUB_200_2011", "images");
        Assert.Contains($"'{expected}' does not exist", error.Message, StringComparison.Ordinal);
        Assert.Contains("NNN.Species/*.jpg", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyCubClassFolderIsNamed()
    {
        using var folder = new TempFolder();
        LayoutFixtures.Cub(folder.Path, classes: 8, imagesPerClass: 2);
        string empty = folder["CUB_200_2011/images/005.Species_4b"];
        Directory.CreateDirectory(empty);
        File.WriteAllText(Path.Combine(empty, "README.txt"), "not an image");

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "cub", Root = folder.Path, ImageSize = 8 }));

        Assert.Contains($"Class folder '{empty}' has no images", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("section 'CUB-200-2011'", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(OmniglotSplitKind.Maml)]
    [InlineData(OmniglotSplitKind.Vinyals)]
    public void AnEmptyOmniglotCharacterFolderIsNamed(OmniglotSplitKind split)
    {
        using var folder = new TempFolder();
        LayoutFixtures.Omniglot(folder.Path, 1, 2, 2);
        string empty = folder["images_evaluation/eva_Alphabet0/character03"];
        Directory.CreateDirectory(empty);

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions
            {
                Name = "omniglot", Root = folder.Path, OmniglotSplit = split,
                SplitFolder = folder.Path,
            }));

        Assert.Contains($"Class folder '{empty}' has no images", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("<Alphabet>/characterNN/*.png", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingOmniglotFolderIsNamed()
    {
        using var folder = new TempFolder();
        LayoutFixtures.Omniglot(folder.Path, 1, 2, 2);
        Directory.Delete(folder["images_evaluation"], recursive: true);
        File.WriteAllBytes(folder["images_evaluation.zip"], [1]);

        var error = Assert.Throws<DirectoryNotFoundException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "omniglot", Root = folder.Path }));

        Assert.Contains(folder["images_evaluation"], error.Message, StringComparison.Ordinal);
        Assert.Contains("unzip", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingVinyalsSplitFileIsNamed()
    {
        using var folder = new TempFolder();
        LayoutFixtures.Omniglot(folder.Path, 1, 2, 2);

        var error = Assert.Throws<FileNotFoundException>(() => FewShotDatasets.Load(
            new DatasetOptions
            {
                Name = "omniglot", Root = folder.Path,
                OmniglotSplit = OmniglotSplitKind.Vinyals, SplitFolder = folder.Path,
            }));

        Assert.Contains(folder["train.txt"], error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("bac_Alphabet0/character01/rot045", "rot045")]
    [InlineData("bac_Alphabet0/character09/rot000", "'bac_Alphabet0/character09'")]
    public void ABadVinyalsLineIsNamed(string line, string expected)
    {
        using var folder = new TempFolder();
        LayoutFixtures.Omniglot(folder.Path, 1, 2, 2);
        foreach (string file in new[] { "train.txt", "val.txt", "test.txt" })
        {
            File.WriteAllLines(folder[file], ["bac_Alphabet0/character01/rot000", line]);
        }

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions
            {
                Name = "omniglot", Root = folder.Path,
                OmniglotSplit = OmniglotSplitKind.Vinyals, SplitFolder = folder.Path,
            }));

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
        Assert.Contains("line 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingMiniImageNetSplitFileIsNamed()
    {
        using var folder = MiniImageNetFixture();
        File.Delete(folder["val.csv"]);

        var error = Assert.Throws<FileNotFoundException>(() => LoadMini(folder.Path));

        Assert.Contains(folder["val.csv"], error.Message, StringComparison.Ordinal);
        Assert.Contains("filename,label", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyMiniImageNetFolderNamesBothLayouts()
    {
        using var folder = new TempFolder();

        var error = Assert.Throws<DirectoryNotFoundException>(() => LoadMini(folder.Path));

        Assert.Contains(folder["train.csv"], error.Message, StringComparison.Ordinal);
        Assert.Contains("train/, val/ and test/", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("../secret.png")]
    [InlineData("images/../../secret.png")]
    [InlineData("/etc/hostname")]
    public void ASplitFileNamingAFileOutsideTheRootIsRejected(string name)
    {
        using var folder = MiniImageNetFixture();
        ImageFixtures.Write(folder["secret.png"], 4, 4, 3, 9);
        File.AppendAllLines(folder["test.csv"], [$"{name},n00000005"]);

        var error = Assert.Throws<InvalidDataException>(() => LoadMini(folder.Path));

        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        Assert.Contains("outside", error.Message, StringComparison.Ordinal);
        Assert.Contains("line 6", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ASplitFileNamingAMissingImageIsNamed()
    {
        using var folder = MiniImageNetFixture();
        File.AppendAllLines(folder["train.csv"], ["n0000000100000099.png,n00000001"]);

        var error = Assert.Throws<FileNotFoundException>(() => LoadMini(folder.Path));

        Assert.Contains("'n0000000100000099.png'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMalformedSplitFileLineIsNamed()
    {
        using var folder = MiniImageNetFixture();
        File.AppendAllLines(folder["train.csv"], ["just-a-name.png"]);

        var error = Assert.Throws<InvalidDataException>(() => LoadMini(folder.Path));

        Assert.Contains("line 6 is 'just-a-name.png'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AMissingSplitFolderIsNamed()
    {
        using var folder = FolderFixture();
        Directory.Delete(folder["test"], recursive: true);

        var error = Assert.Throws<DirectoryNotFoundException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "folder", Root = folder.Path }));

        Assert.Contains(folder["test"], error.Message, StringComparison.Ordinal);
        Assert.Contains("root/{train,val,test}/<class>/<image>", error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AnEmptyClassFolderIsNamed()
    {
        using var folder = FolderFixture();
        Directory.CreateDirectory(folder["val/empty"]);
        File.WriteAllText(folder["val/empty/notes.txt"], "not an image");

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "folder", Root = folder.Path }));

        Assert.Contains(folder["val/empty"], error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void TieredImageNetPicklesAreExplained()
    {
        using var folder = new TempFolder();
        File.WriteAllBytes(folder["train_images_png.pkl"], [1, 2, 3]);

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "tieredimagenet", Root = folder.Path }));

        Assert.Contains(folder.Path, error.Message, StringComparison.Ordinal);
        Assert.Contains("pickle", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ACorruptImageIsNamed()
    {
        using var folder = FolderFixture();
        ImageFixtures.WriteCorrupt(folder["train/class01/image05.png"]);

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 }));

        Assert.Contains(folder["train/class01/image05.png"], error.Message,
            StringComparison.Ordinal);
        Assert.Contains("SkipCorruptImages", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void CorruptImagesCanBeSkippedAndAreCounted()
    {
        using var folder = FolderFixture();
        ImageFixtures.WriteCorrupt(folder["train/class01/image05.png"]);
        var options = new DatasetOptions
        {
            Name = "folder", Root = folder.Path, ImageSize = 8, SkipCorruptImages = true,
        };

        using (var dataset = FewShotDatasets.Load(options))
        {
            Assert.Equal(["train/class01/image05.png"], dataset.SkippedImages);
            Assert.Equal([0L, 2, 4], dataset.Train.ClassOffsets);
            Assert.All(LayoutTests.Pixels(dataset.Train, 3),
                v => Assert.Equal(ImageFixtures.ValueOf(1, 1), v));
        }

        // The cache remembers what it left out: a strict load still names the file.
        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(
            options with { SkipCorruptImages = false }));
        Assert.Contains(folder["train/class01/image05.png"], error.Message,
            StringComparison.Ordinal);
    }

    [Fact]
    public void AnUnreadableImageIsNamedAndCanBeSkipped()
    {
        using var folder = FolderFixture();
        string image = folder["train/class01/image05.png"];
        // Tests run as root, who may read any file: a link to nowhere is one no one can read.
        File.CreateSymbolicLink(image, folder["nowhere/image05.png"]);
        var options = new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 };

        var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(options));
        using var dataset = FewShotDatasets.Load(options with { SkipCorruptImages = true });

        Assert.Contains($"'{image}' cannot be read", error.Message, StringComparison.Ordinal);
        Assert.Contains("SkipCorruptImages", error.Message, StringComparison.Ordinal);
        Assert.Equal(["train/class01/image05.png"], dataset.SkippedImages);
        Assert.Equal([0L, 2, 4], dataset.Train.ClassOffsets);
    }

    [Fact]
    public void OfSeveralCorruptImagesTheFirstInFileOrderIsNamed()
    {
        // Files 0 to 17, in split, class, image order. Files 0 to 7 are large, noisy images
        // that take a while to decode, and every file from 8 on is corrupt: a worker that
        // starts past file 8 fails at once, long before the one that starts at 0 reaches it.
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 2], 3);
        var files = new[] { "train/class00", "train/class01", "val/class02", "val/class03",
                "test/class04", "test/class05" }
            .SelectMany(c => Enumerable.Range(0, 3).Select(i => folder[$"{c}/image0{i}.png"]))
            .ToArray();
        var random = new Random(5);
        foreach (string slow in files[..8])
        {
            var noise = new byte[400 * 400 * 3];
            random.NextBytes(noise);
            ImageFixtures.Write(slow, noise, 400, 400, 3);
        }
        foreach (string bad in files[8..])
        {
            ImageFixtures.WriteCorrupt(bad);
        }
        var options = new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 };

        // A failed build leaves no cache, so every attempt decodes again.
        for (int attempt = 0; attempt < 5; attempt++)
        {
            var error = Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(options));

            Assert.Contains($"'{files[8]}'", error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void SkippedImagesAreReportedOnceAmongARunnersNotices()
    {
        using var folder = FolderFixture();
        using var clean = FolderFixture();
        ImageFixtures.WriteCorrupt(folder["val/class03/image07.png"]);
        ImageFixtures.WriteCorrupt(folder["train/class01/image05.png"]);
        var notices = new List<string>();
        using var runner = new ExperimentRunner
        {
            Notices = new SynchronousProgress<string>(notices.Add),
        };
        var options = new DatasetOptions
        {
            Name = "folder", Root = folder.Path, ImageSize = 8, SkipCorruptImages = true,
        };

        var dataset = runner.Dataset(options);
        runner.Dataset(options);
        var cleanDataset = runner.Dataset(options with { Root = clean.Path });

        string expected =
            $"skipped 2 unreadable images (first: {folder["train/class01/image05.png"]})";
        Assert.Equal([expected], notices);
        Assert.Equal(expected, dataset.SkippedImagesNotice);
        Assert.Null(cleanDataset.SkippedImagesNotice);
    }

    // Two classes of two images in each split, as miniImageNet's split files and images/.
    static TempFolder MiniImageNetFixture()
    {
        var folder = new TempFolder();
        LayoutFixtures.MiniImageNetCsv(folder.Path, [2, 2, 2], 2);
        return folder;
    }

    // Two classes of two 12x12 RGB images in each split folder.
    static TempFolder FolderFixture()
    {
        var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 2], 2);
        return folder;
    }

    static FewShotDataset LoadMini(string root) =>
        FewShotDatasets.Load(new DatasetOptions { Name = "miniimagenet", Root = root });
}
