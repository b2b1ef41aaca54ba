using MetaHarmony.Datasets;
using MetaHarmony.Runtime;
using MetaHarmony.Tests.Fixtures;

namespace MetaHarmony.Tests.Datasets;

/// <summary>The packed cache: built once, reused while the files are unchanged, rebuilt when
/// they change, and never trusted when incomplete.</summary>
public sealed class PackedCacheTests
{
    public PackedCacheTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void ASecondLoadReadsTheCacheInsteadOfDecoding()
    {
        using var folder = FolderFixture(out var options);

        var (first, firstStages) = Load(options);
        var (second, secondStages) = Load(options);

        Assert.Contains("decoding images", firstStages);
        Assert.DoesNotContain("decoding images", secondStages);
        Assert.Contains("loading cache", secondStages);
        Assert.Equal(folder["metaharmony-folder-8px-3ch.mhpack"], second.CachePath);
        Assert.True(first.Train.Images.equal(second.Train.Images).all().item<bool>());
        Assert.True(first.Test.Images.equal(second.Test.Images).all().item<bool>());
        first.Dispose();
        second.Dispose();
    }

    [Fact]
    public void AChangedDatasetIsRebuilt()
    {
        using var folder = FolderFixture(out var options);
        Load(options).Dataset.Dispose();

        ImageFixtures.Write(folder["val/class02/image09.png"], 12, 12, 3, 200);
        var (added, addedStages) = Load(options);
        ImageFixtures.Write(folder["val/class02/image09.png"], 30, 30, 3, 100);
        var (resized, resizedStages) = Load(options);

        Assert.Contains("decoding images", addedStages);
        Assert.Equal([0L, 4, 7], added.Validation.ClassOffsets);
        Assert.All(LayoutTests.Pixels(added.Validation, 3), v => Assert.Equal(200, v));
        Assert.Contains("decoding images", resizedStages);
        Assert.All(LayoutTests.Pixels(resized.Validation, 3), v => Assert.Equal(100, v));
        added.Dispose();
        resized.Dispose();
    }

    [Fact]
    public void AnImageRewrittenAtTheSameSizeIsPackedAgain()
    {
        using var folder = FolderFixture(out var options);
        string image = folder["val/class02/image09.png"];
        ImageFixtures.Write(image, 12, 12, 3, 200);
        Load(options).Dataset.Dispose();
        long length = new FileInfo(image).Length;

        ImageFixtures.Write(image, 12, 12, 3, 201);
        File.SetLastWriteTimeUtc(image, DateTime.UtcNow.AddMinutes(1));
        var (reloaded, stages) = Load(options);

        Assert.Equal(length, new FileInfo(image).Length);
        Assert.Contains("decoding images", stages);
        Assert.All(LayoutTests.Pixels(reloaded.Validation, 3), v => Assert.Equal(201, v));
        reloaded.Dispose();
    }

    [Fact]
    public void ATruncatedCacheIsNotAccepted()
    {
        using var folder = FolderFixture(out var options);
        var (first, _) = Load(options);
        string cache = first.CachePath!;
        long length = new FileInfo(cache).Length;
        first.Dispose();

        using (var stream = new FileStream(cache, FileMode.Open))
        {
            stream.SetLength(length - 9);
        }
        var (second, stages) = Load(options);

        Assert.Contains("decoding images", stages);
        Assert.Equal(length, new FileInfo(cache).Length);
        second.Dispose();
    }

    [Fact]
    public void ALeftOverTemporaryFileIsNeverRead()
    {
        using var folder = FolderFixture(out var options);
        var (first, _) = Load(options);
        string cache = first.CachePath!;
        first.Dispose();

        // A complete file under a temporary name, as a crash just before the rename leaves.
        File.Move(cache, cache + PackedCache.TemporaryInfix + "0123");
        var (second, stages) = Load(options);

        Assert.Contains("decoding images", stages);
        Assert.True(File.Exists(cache));
        second.Dispose();
    }

    [Fact]
    public void ABuildRemovesTemporaryFilesLeftMoreThanAnHourAgo()
    {
        using var folder = FolderFixture(out var options);
        string cache = folder["metaharmony-folder-8px-3ch.mhpack"];
        string abandoned = cache + PackedCache.TemporaryInfix + "killed";
        string otherSize = folder["metaharmony-folder-28px-1ch.mhpack"]
            + PackedCache.TemporaryInfix + "killed";
        string recent = cache + PackedCache.TemporaryInfix + "running";
        string unrelated = folder["notes.partial-1"];
        var longAgo = DateTime.UtcNow - PackedCache.AbandonedAfter - TimeSpan.FromMinutes(5);
        foreach (string file in new[] { abandoned, otherSize, recent, unrelated })
        {
            File.WriteAllBytes(file, [1, 2, 3]);
            File.SetLastWriteTimeUtc(file, file == recent ? DateTime.UtcNow : longAgo);
        }

        var (dataset, stages) = Load(options);

        Assert.Contains("decoding images", stages);
        Assert.True(File.Exists(cache));
        Assert.False(File.Exists(abandoned));
        Assert.False(File.Exists(otherSize));
        // A younger one may be a build in progress; a file not named like a cache is not ours.
        Assert.True(File.Exists(recent));
        Assert.True(File.Exists(unrelated));
        dataset.Dispose();
    }

    [Fact]
    public void AFailedBuildLeavesNoCacheAndNoTemporaryFile()
    {
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 2], 3);
        ImageFixtures.WriteCorrupt(folder["test/class05/image07.png"]);
        var options = new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 };

        Assert.Throws<InvalidDataException>(() => FewShotDatasets.Load(options));

        Assert.Empty(Directory.EnumerateFiles(folder.Path));
    }

    [Fact]
    public void TheCacheGoesToTheConfiguredFolder()
    {
        using var folder = new TempFolder();
        using var caches = new TempFolder();
        LayoutFixtures.ImageFolder(folder["data"], [2, 2, 2], 2);
        var options = new DatasetOptions
        {
            Name = "folder", Root = folder["data"], ImageSize = 8, CacheFolder = caches.Path,
        };

        using var dataset = FewShotDatasets.Load(options);

        Assert.StartsWith(caches.Path, dataset.CachePath, StringComparison.Ordinal);
        Assert.True(File.Exists(dataset.CachePath));
        Assert.Empty(Directory.EnumerateFiles(folder["data"]));
    }

    [Fact]
    public void SizesAndChannelsHaveTheirOwnCaches()
    {
        using var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 2], 2);

        using var small = FewShotDatasets.Load(
            new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 });
        using var grey = FewShotDatasets.Load(new DatasetOptions
        {
            Name = "folder", Root = folder.Path, ImageSize = 8, Channels = 1,
        });

        Assert.NotEqual(small.CachePath, grey.CachePath);
        Assert.Equal(1, grey.Channels);
        Assert.Equal(3, small.Channels);
    }

    // Six classes of three images, read as an image folder at 8x8.
    static TempFolder FolderFixture(out DatasetOptions options)
    {
        var folder = new TempFolder();
        LayoutFixtures.ImageFolder(folder.Path, [2, 2, 2], 3);
        options = new DatasetOptions { Name = "folder", Root = folder.Path, ImageSize = 8 };
        return folder;
    }

    static (FewShotDataset Dataset, List<string> Stages) Load(DatasetOptions options)
    {
        var stages = new List<string>();
        var dataset = FewShotDatasets.Load(options,
            new SynchronousProgress<DatasetProgress>(p => stages.Add(p.Stage)));
        return (dataset, stages);
    }
}
