using MetaHarmony.Datasets;
using MetaHarmony.Runtime;
using MetaHarmony.Tests.Fixtures;

namespace MetaHarmony.Tests.Datasets;

public sealed class KanjiTests
{
    static readonly IReadOnlyList<KanjiCharacter> Table = KanjiStrokeTable.Characters;

    public KanjiTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void TheEmbeddedTableHoldsTheCharactersOfAtMostTenStrokes()
    {
        Assert.Equal(2336, Table.Count);
        Assert.Equal(18077, Table.Sum(c => c.Strokes.Count));
        Assert.All(Table, c => Assert.InRange(c.Strokes.Count, 1, 10));
        Assert.True(Table.Zip(Table.Skip(1)).All(p => p.First.CodePoint < p.Second.CodePoint));
        Assert.Equal("一", Table[0].Text);
        Assert.Equal(new KanjiStroke(25, 126, 226, 116), Table[0].Strokes[0]);
    }

    [Fact]
    public void TheEmbeddedTableIsTheOneInData()
    {
        var file = File.ReadAllBytes(Path.Combine(TestPaths.RepositoryRoot, "data", "kanji",
            "strokes.bin"));

        var parsed = KanjiStrokeTable.Parse(file);

        Assert.Equal(Table.Count, parsed.Count);
        Assert.True(Table.Zip(parsed).All(p => p.First.CodePoint == p.Second.CodePoint
            && p.First.Strokes.SequenceEqual(p.Second.Strokes)));
    }

    [Fact]
    public void ATableOfAnotherFormatIsRejected()
    {
        Assert.Throws<InvalidDataException>(() => KanjiStrokeTable.Parse("MHKS\u0002\0\0"u8));
        Assert.Throws<InvalidDataException>(() => KanjiStrokeTable.Parse("MHKS\u0001\0\0!"u8));
    }

    [Fact]
    public void RenderingIsDeterministic()
    {
        var first = Render(Table[100], instance: 3, seed: 11);
        var again = Render(Table[100], instance: 3, seed: 11);
        var otherSeed = Render(Table[100], instance: 3, seed: 12);

        Assert.Equal(first, again);
        Assert.NotEqual(first, otherSeed);
    }

    [Fact]
    public void PolaritiesAreNegativesOfEachOther()
    {
        var white = Render(Table[5], 0, 0);
        var black = Render(Table[5], 0, 0, polarity: StrokePolarity.BlackOnWhite);

        Assert.Equal(white.Select(v => (byte)(255 - v)), black);
        Assert.InRange(white.Count(v => v > 128), 20, 400);
    }

    [Fact]
    public void AnySizeIsDrawnWithInkInProportion()
    {
        var small = Render(Table[300], 0, 0, size: 28);
        var large = Render(Table[300], 0, 0, size: 84);

        double smallInk = small.Sum(v => v / 255.0) / small.Length;
        double largeInk = large.Sum(v => v / 255.0) / large.Length;
        Assert.InRange(largeInk / smallInk, 0.75, 1.25);
    }

    [Fact]
    public void ClassesDifferMoreThanInstancesOfAClass()
    {
        // 30 characters spread over the table, 6 instances each, compared pixel by pixel.
        var images = Enumerable.Range(0, 30)
            .SelectMany(c => Enumerable.Range(0, 6).Select(i =>
                (Class: c, Pixels: Render(Table[c * 77 + 5], i, 0))))
            .ToArray();
        var within = new List<double>();
        var between = new List<double>();
        int nearestIsSameClass = 0;
        foreach (var (a, i) in images.Select((image, i) => (image, i)))
        {
            var others = images.Where((_, j) => j != i)
                .Select(b => (b.Class, Distance: Distance(a.Pixels, b.Pixels)))
                .ToArray();
            within.AddRange(others.Where(o => o.Class == a.Class).Select(o => o.Distance));
            between.AddRange(others.Where(o => o.Class != a.Class).Select(o => o.Distance));
            nearestIsSameClass += others.MinBy(o => o.Distance).Class == a.Class ? 1 : 0;
        }

        // Instances differ; on average classes differ more; and an image's nearest neighbour
        // is mostly of its own class (chance would be 5 in 179).
        Assert.All(within, d => Assert.True(d > 0, "two instances of a class are identical"));
        Assert.True(between.Average() > 1.1 * within.Average(),
            $"between {between.Average():F1}, within {within.Average():F1}");
        Assert.True(nearestIsSameClass > images.Length / 2,
            $"nearest neighbour of the same class for {nearestIsSameClass} of {images.Length}");
    }

    [Fact]
    public void SplitsAreWholeAlphabetsOfTheDocumentedSizes()
    {
        var train = KanjiSplits.ClassesOf("train", Table.Count);
        var validation = KanjiSplits.ClassesOf("val", Table.Count);
        var test = KanjiSplits.ClassesOf("test", Table.Count);

        Assert.Equal((1440, 224, 672), (train.Count, validation.Count, test.Count));
        Assert.Equal(Enumerable.Range(0, Table.Count),
            train.Concat(validation).Concat(test).Order());
        var alphabets = new[] { train, validation, test }
            .Select(s => s.Select(KanjiSplits.AlphabetOf).ToHashSet())
            .ToArray();
        Assert.Empty(alphabets[0].Intersect(alphabets[1]));
        Assert.Empty(alphabets[0].Intersect(alphabets[2]));
        Assert.Empty(alphabets[1].Intersect(alphabets[2]));
        Assert.Equal(146, alphabets.Sum(a => a.Count));
    }

    [Fact]
    public void TheDatasetLoadsAsDocumented()
    {
        // The defaults are 20 instances at 28x28, grey; two instances keep this test quick
        // (the whole set renders in seconds in a release build, slower under a debugger).
        var defaults = new DatasetOptions();
        Assert.Equal((20, 28, 1), (defaults.KanjiInstances, defaults.EffectiveImageSize,
            defaults.EffectiveChannels));
        var stages = new List<DatasetProgress>();

        using var dataset = FewShotDatasets.Load(defaults with { KanjiInstances = 2 },
            new SynchronousProgress<DatasetProgress>(stages.Add));

        Assert.Equal("kanji", dataset.Name);
        Assert.Equal([1440L * 2, 1, 28, 28], dataset.Train.Images.shape);
        Assert.Equal([224L * 2, 1, 28, 28], dataset.Validation.Images.shape);
        Assert.Equal([672L * 2, 1, 28, 28], dataset.Test.Images.shape);
        Assert.Equal(2, dataset.Train.ImagesOf(0));
        Assert.Empty(dataset.Train.ClassNames.Intersect(dataset.Test.ClassNames));
        Assert.Empty(dataset.Train.ClassNames.Intersect(dataset.Validation.ClassNames));
        Assert.Equal(Table[0].ClassName, dataset.Train.ClassNames[0]);
        Assert.Equal(stages[^1].Total, stages[^1].Done);

        // The packed images are the renderer's, class after class.
        var expected = Render(Table[0], 1, 0);
        Assert.Equal(expected, dataset.Train.Images[1].cpu().data<byte>().ToArray());
    }

    [Fact]
    public void OptionsChangeSizeChannelsAndInstances()
    {
        var options = new DatasetOptions
        {
            ImageSize = 12, Channels = 3, KanjiInstances = 2, KanjiSeed = 5,
        };

        using var dataset = FewShotDatasets.Load(options);

        Assert.Equal([224L * 2, 3, 12, 12], dataset.Validation.Images.shape);
        var first = Render(Table[KanjiSplits.ClassesOf("val", Table.Count)[0]], 0, 5, size: 12);
        var channel = dataset.Validation.Images[0, 2].cpu().data<byte>().ToArray();
        Assert.Equal(first, channel);
    }

    static byte[] Render(KanjiCharacter character, int instance, long seed, int size = 28,
        StrokePolarity polarity = StrokePolarity.WhiteOnBlack)
    {
        var pixels = new byte[size * size];
        KanjiRenderer.Render(character, instance, seed, size, polarity, pixels);
        return pixels;
    }

    static double Distance(byte[] a, byte[] b) =>
        Math.Sqrt(a.Zip(b).Sum(p => (double)(p.First - p.Second) * (p.First - p.Second)));
}
