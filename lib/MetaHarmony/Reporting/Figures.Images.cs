using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using Plotly.NET;
using TorchSharp;
using static TorchSharp.torch;
using Chart = Plotly.NET.CSharp.Chart;

namespace MetaHarmony.Reporting;

public static partial class Figures
{
    /// <summary>White pixels between tiles of an image grid.</summary>
    const int TileGap = 2;

    /// <summary>
    /// A grid of images, one per cell, drawn at their own pixels (a Plotly image trace, so it
    /// zooms and exports like any figure), with a title for every row and column.
    /// </summary>
    /// <param name="tiles">
    /// [rows, columns, C, H, W] with C = 1 (grey) or 3 (RGB): uint8 as they are, other types
    /// stretched so that the grid's smallest value is black and its largest white.
    /// </param>
    /// <param name="rowTitles">One title per row, shown on the left.</param>
    /// <param name="columnTitles">One title per column, shown on top.</param>
    /// <param name="title">The figure's title.</param>
    public static GenericChart ImageGrid(Tensor tiles, IReadOnlyList<string> rowTitles,
        IReadOnlyList<string> columnTitles, string title)
    {
        ArgumentNullException.ThrowIfNull(tiles);
        ArgumentNullException.ThrowIfNull(rowTitles);
        ArgumentNullException.ThrowIfNull(columnTitles);
        if (tiles.dim() != 5 || tiles.shape[2] is not (1 or 3))
        {
            throw new ArgumentException(
                $"Tiles have shape [{string.Join(", ", tiles.shape)}]; expected [rows, columns, "
                + "C, H, W] with C = 1 or 3.", nameof(tiles));
        }
        var (rows, columns) = ((int)tiles.shape[0], (int)tiles.shape[1]);
        if (rowTitles.Count != rows || columnTitles.Count != columns)
        {
            throw new ArgumentException(
                $"{rowTitles.Count} row and {columnTitles.Count} column titles for a grid of "
                + $"{rows} x {columns} images; give one title per row and per column.",
                nameof(rowTitles));
        }

        var (height, width) = ((int)tiles.shape[3], (int)tiles.shape[4]);
        var pixels = RgbBytes(tiles);
        var z = GridPixels(pixels, rows, columns, height, width);
        double scale = Math.Clamp(640.0 / z[0].Length, 1, 4);
        var ticks = (Step: width + TileGap, Rows: height + TileGap);
        return Chart.Image<int>(Z: ChartStyle.Values(z.Select(row => row.Select(
                    rgb => (IEnumerable<int>)rgb))),
                Name: "")
            .WithLayoutValue("xaxis", Axis(columns, ticks.Step, width, columnTitles, "top"))
            .WithLayoutValue("yaxis", Axis(rows, ticks.Rows, height, rowTitles, "left"))
            .WithLayoutValue("margin", new Dictionary<string, int>
            {
                ["l"] = 110, ["r"] = 20, ["t"] = 110, ["b"] = 20,
            })
            .Titled(title)
            .Sized((int)(z[0].Length * scale) + 130, (int)(z.Length * scale) + 130);
    }

    /// <summary>
    /// The first <paramref name="instances"/> images of <paramref name="classes"/> classes of
    /// a split, spread evenly over its classes: one row per class, titled with its name.
    /// </summary>
    public static GenericChart ClassGrid(ImageSplit split, int classes = 10, int instances = 10)
    {
        ArgumentNullException.ThrowIfNull(split);
        if (classes < 1 || classes > split.ClassCount)
        {
            throw new ArgumentException(
                $"classes = {classes}; split '{split.Name}' has {split.ClassCount}, so use 1 to "
                + $"{split.ClassCount}.", nameof(classes));
        }
        var chosen = Enumerable.Range(0, classes)
            .Select(i => (int)((long)i * split.ClassCount / classes)).ToList();
        long fewest = chosen.Min(split.ImagesOf);
        if (instances < 1 || instances > fewest)
        {
            throw new ArgumentException(
                $"instances = {instances}; the classes shown have at least {fewest} images, so "
                + $"use 1 to {fewest}.", nameof(instances));
        }

        using var scope = NewDisposeScope();
        var rows = chosen.Select(c => split.Images.narrow(0, split.ClassOffsets[c], instances))
            .ToList();
        return ImageGrid(stack(rows), chosen.Select(c => split.ClassNames[c]).ToList(),
            Enumerable.Range(1, instances).Select(i => $"#{i}").ToList(),
            $"{split.Name} split: {classes} of its {split.ClassCount} classes, "
            + $"{instances} instances each");
    }

    /// <summary>
    /// One episode as the learner sees it: a row per label, its K support images then its Q
    /// query images. The sampler orders both sets by label, which is what makes the rows.
    /// </summary>
    public static GenericChart EpisodeGrid(Episode episode, int ways, string title = "Episode")
    {
        ArgumentNullException.ThrowIfNull(episode);
        long support = episode.SupportImages.shape[0], query = episode.QueryImages.shape[0];
        if (ways < 1 || support % ways != 0 || query % ways != 0)
        {
            throw new ArgumentException(
                $"ways = {ways} does not divide the episode's {support} support and {query} "
                + "query images; pass the episode's N.", nameof(ways));
        }

        using var scope = NewDisposeScope();
        long shots = support / ways, queries = query / ways;
        var tiles = cat(
        [
            episode.SupportImages.view(ways, shots, -1, episode.SupportImages.shape[2],
                episode.SupportImages.shape[3]),
            episode.QueryImages.view(ways, queries, -1, episode.QueryImages.shape[2],
                episode.QueryImages.shape[3]),
        ], 1);
        var columns = Enumerable.Range(1, (int)shots).Select(k => $"support {k}")
            .Concat(Enumerable.Range(1, (int)queries).Select(q => $"query {q}")).ToList();
        return ImageGrid(tiles, Enumerable.Range(0, ways).Select(l => $"label {l}").ToList(),
            columns, title);
    }

    /// <summary>[rows, columns, H, W, 3] bytes on the host, grey repeated into RGB.</summary>
    static byte[] RgbBytes(Tensor tiles)
    {
        using var scope = NewDisposeScope();
        var values = tiles.detach().cpu();
        if (values.dtype != ScalarType.Byte)
        {
            var floats = values.to(ScalarType.Float32);
            var (low, high) = (floats.min(), floats.max());
            values = floats.sub(low).div(high.sub(low).clamp_min(1e-12)).mul(255).round()
                .to(ScalarType.Byte);
        }
        if (values.shape[2] == 1)
        {
            values = values.expand(-1, -1, 3, -1, -1);
        }
        return values.permute(0, 1, 3, 4, 2).contiguous().data<byte>().ToArray();
    }

    /// <summary>The tiles laid out with white gaps: [grid height][grid width][r, g, b].</summary>
    static int[][][] GridPixels(byte[] rgb, int rows, int columns, int height, int width)
    {
        int gridHeight = rows * (height + TileGap) - TileGap;
        int gridWidth = columns * (width + TileGap) - TileGap;
        var z = new int[gridHeight][][];
        for (int y = 0; y < gridHeight; y++)
        {
            z[y] = new int[gridWidth][];
            for (int x = 0; x < gridWidth; x++)
            {
                var (row, inY) = Math.DivRem(y, height + TileGap);
                var (column, inX) = Math.DivRem(x, width + TileGap);
                if (inY >= height || inX >= width)
                {
                    z[y][x] = [255, 255, 255];
                    continue;
                }
                long at = ((((long)row * columns + column) * height + inY) * width + inX) * 3;
                z[y][x] = [rgb[at], rgb[at + 1], rgb[at + 2]];
            }
        }
        return z;
    }

    /// <summary>A Plotly axis with one tick, titled, at the centre of each tile.</summary>
    static Dictionary<string, object> Axis(int count, int step, int size,
        IReadOnlyList<string> titles, string side) => new()
        {
            ["tickvals"] = Enumerable.Range(0, count).Select(i => i * step + (size - 1) / 2.0)
                .ToArray(),
            ["ticktext"] = titles.ToArray(),
            ["side"] = side,
            ["showgrid"] = false,
            ["zeroline"] = false,
            ["ticks"] = "",
        };
}
