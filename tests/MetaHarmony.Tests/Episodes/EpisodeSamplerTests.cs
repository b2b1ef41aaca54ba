using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Episodes;

public sealed class EpisodeSamplerTests
{
    // Eight classes of 10 to 17 images; every pixel of packed image r holds r, so an episode's
    // images tell which rows they came from.
    static readonly int[] ClassSizes = [10, 11, 12, 13, 14, 15, 16, 17];

    static readonly EpisodeOptions FiveWayTwoShot = new() { Ways = 5, Shots = 2, Queries = 3 };

    public EpisodeSamplerTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void EpisodesHaveTheShapesAndLabelsOfNWayKShot()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 1);

        using var episode = sampler.Sample(iteration: 0, task: 0);

        Assert.Equal([10L, 1, 4, 4], episode.SupportImages.shape);
        Assert.Equal([15L, 1, 4, 4], episode.QueryImages.shape);
        Assert.Equal(ScalarType.Float32, episode.SupportImages.dtype);
        Assert.Equal(ScalarType.Int64, episode.QueryLabels.dtype);
        Assert.Equal([0L, 0, 1, 1, 2, 2, 3, 3, 4, 4], Longs(episode.SupportLabels));
        Assert.Equal([0L, 0, 0, 1, 1, 1, 2, 2, 2, 3, 3, 3, 4, 4, 4], Longs(episode.QueryLabels));
        Assert.Equal(split.Images.device.ToString(), episode.SupportImages.device.ToString());
    }

    [Fact]
    public void EachLabelIsOneClassAndSupportAndQueryShareNoImage()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 3);

        for (int iteration = 0; iteration < 20; iteration++)
        {
            using var episode = sampler.Sample(iteration, 0);
            var support = Rows(episode.SupportImages);
            var query = Rows(episode.QueryImages);
            var supportClasses = support.Select(ClassOf).ToArray();
            var queryClasses = query.Select(ClassOf).ToArray();

            for (int label = 0; label < 5; label++)
            {
                int c = supportClasses[label * 2];
                Assert.All(supportClasses.Skip(label * 2).Take(2), x => Assert.Equal(c, x));
                Assert.All(queryClasses.Skip(label * 3).Take(3), x => Assert.Equal(c, x));
            }
            Assert.Equal(5, supportClasses.Distinct().Count());
            Assert.Empty(support.Intersect(query));
            Assert.Equal(25, support.Concat(query).Distinct().Count());
        }
    }

    [Fact]
    public void AnEpisodeIsAPureFunctionOfSeedIterationAndTask()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 5);
        using var resumed = new EpisodeSampler(split, FiveWayTwoShot, seed: 5);
        using var otherSeed = new EpisodeSampler(split, FiveWayTwoShot, seed: 6);

        var first = Draw(sampler, 40, 2);

        Assert.Equal(first, Draw(sampler, 40, 2));
        Assert.Equal(first, Draw(resumed, 40, 2));
        Assert.NotEqual(first, Draw(otherSeed, 40, 2));
        Assert.NotEqual(first, Draw(sampler, 41, 2));
        Assert.NotEqual(first, Draw(sampler, 40, 3));
    }

    [Fact]
    public void LabelsAreShuffledAndEveryClassIsDrawn()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 8);

        var classOfLabelZero = new HashSet<int>();
        var counts = new int[ClassSizes.Length];
        for (int iteration = 0; iteration < 200; iteration++)
        {
            var plan = sampler.Plan(iteration, 0);
            classOfLabelZero.Add(plan.Classes[0]);
            foreach (int c in plan.Classes)
            {
                counts[c]++;
            }
        }

        Assert.Equal(ClassSizes.Length, classOfLabelZero.Count);

        // 1000 class draws over 8 classes: 125 expected each.
        Assert.All(counts, c => Assert.InRange(c, 85, 165));
    }

    [Fact]
    public void AMetaBatchHoldsTheEpisodesOfItsTasks()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 2);

        var batch = sampler.SampleMetaBatch(iteration: 9, tasks: 4);

        Assert.Equal(4, batch.Count);
        for (int task = 0; task < 4; task++)
        {
            Assert.Equal(Draw(sampler, 9, task), Rows(batch[task].SupportImages)
                .Concat(Rows(batch[task].QueryImages)).ToArray());
            Assert.Equal(sampler.Plan(9, task).Rows,
                Rows(batch[task].SupportImages).Concat(Rows(batch[task].QueryImages)));
            batch[task].Dispose();
        }
    }

    [Fact]
    public void EvaluationEpisodesAreFixedByTheSeedAndNeverAugmented()
    {
        // Every pixel of an image differs from the others, so any flip or shift shows.
        using var split = PatternSplit();
        var augmented = FiveWayTwoShot with
        {
            Augmentation = new EpisodeAugmentation { HorizontalFlip = true, MaxShift = 1 },
        };
        using var sampler = new EpisodeSampler(split, augmented, seed: 4);
        using var plain = new EpisodeSampler(split, FiveWayTwoShot, seed: 4);

        using var first = sampler.SampleEvaluation(12);
        using var second = plain.SampleEvaluation(12);
        using var other = sampler.SampleEvaluation(13);
        using var training = plain.Sample(12, 0);

        // Each evaluation image is a packed image exactly as stored: not flipped, not shifted.
        var stored = Enumerable.Range(0, ClassSizes.Sum())
            .Select(r => Convert.ToHexString(split.Images[r].data<byte>().ToArray()))
            .ToHashSet();
        Assert.All(Bytes(first.SupportImages).Concat(Bytes(first.QueryImages)),
            image => Assert.Contains(Convert.ToHexString(image), stored));
        Assert.True(first.SupportImages.equal(second.SupportImages).all().item<bool>());
        Assert.True(first.QueryImages.equal(second.QueryImages).all().item<bool>());

        // Fixed by the index, and apart from the training stream of the same number.
        Assert.False(first.QueryImages.equal(other.QueryImages).all().item<bool>());
        Assert.False(first.QueryImages.equal(training.QueryImages).all().item<bool>());
    }

    [Fact]
    public void ImagesAreNormalisedOnTheDevice()
    {
        using var split = NumberedSplit();
        var custom = FiveWayTwoShot with
        {
            Normalization = ImageNormalization.Custom, Mean = [0.5], Std = [0.25],
        };
        using var unit = new EpisodeSampler(split, FiveWayTwoShot, seed: 1);
        using var scaled = new EpisodeSampler(split, custom, seed: 1);

        using var a = unit.Sample(0, 0);
        using var b = scaled.Sample(0, 0);

        var rows = Rows(a.SupportImages);
        var expected = rows.Select(r => (float)((r / 255.0 - 0.5) / 0.25)).ToArray();
        var actual = b.SupportImages[.., 0, 0, 0].cpu().data<float>().ToArray();
        Assert.Equal(expected, actual, (x, y) => Math.Abs(x - y) < 1e-5);
    }

    [Fact]
    public void StatisticsOfASplitMatchAClosedForm()
    {
        using var split = NumberedSplit();
        int count = ClassSizes.Sum();
        double mean = Enumerable.Range(0, count).Average() / 255;
        double variance = Enumerable.Range(0, count).Select(r => r / 255.0)
            .Average(v => (v - mean) * (v - mean));

        var statistics = split.ComputeStatistics();

        Assert.Equal(mean, statistics.Mean[0], 1e-9);
        Assert.Equal(Math.Sqrt(variance), statistics.Std[0], 1e-9);

        var options = FiveWayTwoShot with { Normalization = ImageNormalization.DatasetStatistics };
        using var sampler = new EpisodeSampler(split, options, 1, statistics);
        using var plain = new EpisodeSampler(split, FiveWayTwoShot, 1);
        using var episode = sampler.Sample(0, 0);
        double row = Draw(plain, 0, 0)[10];
        float first = episode.QueryImages[0, 0, 0, 0].item<float>();
        Assert.Equal((row / 255 - mean) / Math.Sqrt(variance), first, 1e-4);
    }

    [Fact]
    public void AugmentationFlipsAndShiftsAsDrawn()
    {
        using var split = PatternSplit();
        var options = FiveWayTwoShot with
        {
            Augmentation = new EpisodeAugmentation { HorizontalFlip = true, MaxShift = 2 },
        };
        using var plain = new EpisodeSampler(split, FiveWayTwoShot, seed: 7);
        using var sampler = new EpisodeSampler(split, options, seed: 7);

        using var episode = sampler.Sample(3, 1);
        var plan = sampler.Plan(3, 1);

        // Turning augmentation on changes no image choice.
        Assert.Equal(plain.Plan(3, 1).Rows, plan.Rows);
        Assert.InRange(plan.Flip.Count(f => f == 1), 3, 22);
        Assert.Contains(plan.ShiftX, x => x != 2);

        var images = cat([episode.SupportImages, episode.QueryImages]).mul(255).round()
            .to(ScalarType.Byte).cpu();
        var source = split.Images.cpu();
        for (int i = 0; i < plan.Rows.Length; i++)
        {
            var expected = Crop(source[plan.Rows[i], 0].data<byte>().ToArray(), 8, 2,
                (int)plan.ShiftY[i], (int)plan.ShiftX[i], plan.Flip[i] == 1);
            Assert.Equal(expected, images[i, 0].data<byte>().ToArray());
        }
    }

    [Fact]
    public void EpisodesFollowTheCallersDisposeScope()
    {
        using var split = NumberedSplit();
        using var sampler = new EpisodeSampler(split, FiveWayTwoShot, seed: 1);
        Episode kept;

        using (var scope = NewDisposeScope())
        {
            kept = sampler.Sample(0, 0);
            Assert.False(kept.QueryImages.IsInvalid);
        }

        Assert.True(kept.QueryImages.IsInvalid);
        using var later = sampler.Sample(1, 0);
        Assert.Equal(15, later.QueryImages.shape[0]);
    }

    [Fact]
    public void ASplitWithTooFewClassesIsNamed()
    {
        using var split = NumberedSplit();
        var options = FiveWayTwoShot with { Ways = 9 };

        var error = Assert.Throws<ArgumentException>(() => new EpisodeSampler(split, options, 1));

        Assert.Contains("Split 'train' has 8 classes", error.Message, StringComparison.Ordinal);
        Assert.Contains("9-way", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AClassWithTooFewImagesIsNamed()
    {
        using var split = NumberedSplit();
        var options = FiveWayTwoShot with { Shots = 1, Queries = 11 };

        var error = Assert.Throws<ArgumentException>(() => new EpisodeSampler(split, options, 1));

        Assert.Contains("'class0' (10), 'class1' (11)", error.Message, StringComparison.Ordinal);
        Assert.Contains("K + Q = 1 + 11 = 12", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(1, 1, 1, "Ways = 1")]
    [InlineData(5, 0, 1, "Shots = 0")]
    [InlineData(5, 1, 0, "Queries = 0")]
    public void BadEpisodeShapesAreNamed(int ways, int shots, int queries, string expected)
    {
        var options = new EpisodeOptions { Ways = ways, Shots = shots, Queries = queries };

        var error = Assert.Throws<ArgumentException>(() => options.Validate());

        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void NormalisationMustFitTheChannels()
    {
        using var split = NumberedSplit();
        var rgb = FiveWayTwoShot with
        {
            Normalization = ImageNormalization.Custom,
            Mean = [0.4, 0.4, 0.4],
            Std = [0.2, 0.2, 0.2],
        };
        var missing = FiveWayTwoShot with { Normalization = ImageNormalization.DatasetStatistics };

        var wrongChannels = Assert.Throws<ArgumentException>(
            () => new EpisodeSampler(split, rgb, 1));
        var noStatistics = Assert.Throws<ArgumentException>(
            () => new EpisodeSampler(split, missing, 1));

        Assert.Contains("3 channel statistics", wrongChannels.Message, StringComparison.Ordinal);
        Assert.Contains("1 channels", wrongChannels.Message, StringComparison.Ordinal);
        Assert.Contains("TrainStatistics", noStatistics.Message, StringComparison.Ordinal);
    }

    static ImageSplit NumberedSplit()
    {
        int count = ClassSizes.Sum();
        var pixels = Enumerable.Range(0, count)
            .SelectMany(r => Enumerable.Repeat((byte)r, 16)).ToArray();
        return new ImageSplit("train", tensor(pixels, [count, 1, 4, 4]), Offsets(),
            ClassSizes.Select((_, c) => $"class{c}").ToArray());
    }

    // 8x8 images whose pixels all differ, so any flip or shift shows.
    static ImageSplit PatternSplit()
    {
        int count = ClassSizes.Sum();
        var pixels = Enumerable.Range(0, count)
            .SelectMany(r => Enumerable.Range(0, 64).Select(p => (byte)((r * 3 + p * 4) % 256)))
            .ToArray();
        return new ImageSplit("train", tensor(pixels, [count, 1, 8, 8]), Offsets(),
            ClassSizes.Select((_, c) => $"class{c}").ToArray());
    }

    static long[] Offsets()
    {
        var offsets = new long[ClassSizes.Length + 1];
        for (int c = 0; c < ClassSizes.Length; c++)
        {
            offsets[c + 1] = offsets[c] + ClassSizes[c];
        }
        return offsets;
    }

    static int ClassOf(long row) => Array.FindLastIndex(Offsets(), o => o <= row);

    static long[] Draw(EpisodeSampler sampler, long iteration, int task)
    {
        using var episode = sampler.Sample(iteration, task);
        return Rows(episode.SupportImages).Concat(Rows(episode.QueryImages)).ToArray();
    }

    static long[] Rows(Tensor images) =>
        images[.., 0, 0, 0].mul(255).round().to(ScalarType.Int64).cpu().data<long>().ToArray();

    // Each image of an episode back on the 0-255 scale, as bytes.
    static IEnumerable<byte[]> Bytes(Tensor images)
    {
        var bytes = images.mul(255).round().to(ScalarType.Byte).cpu();
        return Enumerable.Range(0, (int)bytes.shape[0])
            .Select(i => bytes[i].data<byte>().ToArray()).ToArray();
    }

    static long[] Longs(Tensor labels) => labels.cpu().data<long>().ToArray();

    /// <summary>The augmentation's meaning, computed on the host: pad by repeating the edge,
    /// crop at (top, left), mirror the columns when flipped.</summary>
    static byte[] Crop(byte[] image, int size, int pad, int top, int left, bool flip)
    {
        var result = new byte[size * size];
        for (int y = 0; y < size; y++)
        {
            for (int x = 0; x < size; x++)
            {
                int column = left + (flip ? size - 1 - x : x);
                int sourceY = Math.Clamp(top + y - pad, 0, size - 1);
                int sourceX = Math.Clamp(column - pad, 0, size - 1);
                result[y * size + x] = image[sourceY * size + sourceX];
            }
        }
        return result;
    }
}
