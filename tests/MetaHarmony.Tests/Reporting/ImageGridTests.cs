using System.Text.Json;
using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Reporting;
using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Reporting;

public sealed class ImageGridTests
{
    static JsonElement Trace(GenericChart chart, out JsonElement layout)
    {
        var root = JsonDocument.Parse(GenericChart.toFigureJson(chart)).RootElement;
        layout = root.GetProperty("layout");
        return root.GetProperty("data")[0];
    }

    static int[] Pixel(JsonElement z, int y, int x) =>
        z[y][x].EnumerateArray().Select(v => v.GetInt32()).ToArray();

    /// <summary>Image (r, c) of a grid is filled with the value 10 r + c.</summary>
    static Tensor Numbered(int rows, int columns, int side)
    {
        using var scope = NewDisposeScope();
        var pattern = (arange(rows).view(rows, 1) * 10 + arange(columns).view(1, columns))
            .to(ScalarType.Byte);
        return pattern.view(rows, columns, 1, 1, 1).expand(rows, columns, 1, side, side)
            .contiguous().MoveToOuterDisposeScope();
    }

    [Fact]
    public void LaysTilesOutWithWhiteGapsAndTitlesEveryRowAndColumn()
    {
        using var tiles = Numbered(2, 3, 4);

        var trace = Trace(Figures.ImageGrid(tiles, ["a", "b"], ["x", "y", "z"], "grid"),
            out var layout);

        Assert.Equal("image", trace.GetProperty("type").GetString());
        var z = trace.GetProperty("z");
        Assert.Equal(2 * 4 + 2, z.GetArrayLength());
        Assert.Equal(3 * 4 + 2 * 2, z[0].GetArrayLength());
        Assert.Equal([0, 0, 0], Pixel(z, 0, 0));
        Assert.Equal([255, 255, 255], Pixel(z, 0, 4));
        Assert.Equal([2, 2, 2], Pixel(z, 3, 2 * 6 + 3));
        Assert.Equal([255, 255, 255], Pixel(z, 5, 0));
        Assert.Equal([12, 12, 12], Pixel(z, 6, 12));
        var x = layout.GetProperty("xaxis");
        Assert.Equal(["x", "y", "z"], x.GetProperty("ticktext").EnumerateArray()
            .Select(t => t.GetString()));
        Assert.Equal([1.5, 7.5, 13.5], x.GetProperty("tickvals").EnumerateArray()
            .Select(t => t.GetDouble()));
        Assert.Equal(["a", "b"], layout.GetProperty("yaxis").GetProperty("ticktext")
            .EnumerateArray().Select(t => t.GetString()));
    }

    [Fact]
    public void StretchesFloatImagesFromBlackToWhite()
    {
        using var tiles = tensor(new float[] { -1, 0, 0, 1 }).view(1, 1, 1, 2, 2);

        var z = Trace(Figures.ImageGrid(tiles, ["r"], ["c"], "t"), out _).GetProperty("z");

        Assert.Equal([0, 0, 0], Pixel(z, 0, 0));
        Assert.Equal([128, 128, 128], Pixel(z, 0, 1));
        Assert.Equal([255, 255, 255], Pixel(z, 1, 1));
    }

    [Fact]
    public void ClassGridShowsTheFirstInstancesOfClassesSpreadOverTheSplit()
    {
        // Six classes of three images; image i of class c has every pixel 10 c + i.
        var bytes = Enumerable.Range(0, 6).SelectMany(c => Enumerable.Range(0, 3)
            .SelectMany(i => Enumerable.Repeat((byte)(10 * c + i), 4))).ToArray();
        using var split = new ImageSplit("train", tensor(bytes).view(18, 1, 2, 2),
            [0, 3, 6, 9, 12, 15, 18], ["c0", "c1", "c2", "c3", "c4", "c5"]);

        var trace = Trace(Figures.ClassGrid(split, classes: 3, instances: 2), out var layout);

        Assert.Equal(["c0", "c2", "c4"], layout.GetProperty("yaxis").GetProperty("ticktext")
            .EnumerateArray().Select(t => t.GetString()));
        var z = trace.GetProperty("z");
        Assert.Equal([21, 21, 21], Pixel(z, 4, 4));
        Assert.Equal([40, 40, 40], Pixel(z, 8, 0));
    }

    [Fact]
    public void ClassGridNamesTooManyClassesOrInstances()
    {
        using var split = new ImageSplit("test", zeros(4, 1, 2, 2, ScalarType.Byte), [0, 2, 4],
            ["a", "b"]);

        var classes = Assert.Throws<ArgumentException>(() => Figures.ClassGrid(split, 3, 1));
        var instances = Assert.Throws<ArgumentException>(() => Figures.ClassGrid(split, 2, 5));

        Assert.Contains("classes = 3; split 'test' has 2", classes.Message,
            StringComparison.Ordinal);
        Assert.Contains("instances = 5", instances.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void EpisodeGridPutsEachLabelsSupportBeforeItsQueries()
    {
        // 2-way 1-shot with 2 queries, values chosen so that stretching to 0-255 changes none.
        using var episode = new Episode(
            tensor(new float[] { 0, 60 }).view(2, 1, 1, 1), tensor(new long[] { 0, 1 }),
            tensor(new float[] { 15, 30, 75, 255 }).view(4, 1, 1, 1),
            tensor(new long[] { 0, 0, 1, 1 }));

        var trace = Trace(Figures.EpisodeGrid(episode, ways: 2), out var layout);

        Assert.Equal(["support 1", "query 1", "query 2"], layout.GetProperty("xaxis")
            .GetProperty("ticktext").EnumerateArray().Select(t => t.GetString()));
        Assert.Equal(["label 0", "label 1"], layout.GetProperty("yaxis")
            .GetProperty("ticktext").EnumerateArray().Select(t => t.GetString()));
        var z = trace.GetProperty("z");
        int[][] expected = [[0, 15, 30], [60, 75, 255]];
        for (int row = 0; row < 2; row++)
        {
            for (int column = 0; column < 3; column++)
            {
                Assert.Equal(expected[row][column], Pixel(z, 3 * row, 3 * column)[0]);
            }
        }
    }

    [Fact]
    public void EpisodeGridRejectsAWrongWayCount()
    {
        using var episode = new Episode(zeros(2, 1, 1, 1), zeros(2, ScalarType.Int64),
            zeros(4, 1, 1, 1), zeros(4, ScalarType.Int64));

        var error = Assert.Throws<ArgumentException>(() => Figures.EpisodeGrid(episode, 3));

        Assert.Contains("ways = 3", error.Message, StringComparison.Ordinal);
    }
}
