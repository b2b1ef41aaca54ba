using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Models;
using static TorchSharp.torch;

namespace MetaHarmony.Tests;

/// <summary>Small synthetic episodes and networks for numerical tests.</summary>
internal static class TinyTasks
{
    /// <summary>A 3-way Conv4 on 1x8x8 images with 2 filters and smooth activations.</summary>
    public static Conv4 SmoothConv4(int ways = 3) => new(new BackboneShape(1, 8, ways),
        new Conv4Options
        {
            Filters = 2, Downsampling = Downsampling.Strided, Activation = Activation.Softplus,
        });

    /// <summary>Random images and balanced labels; a fixed seed gives the same episode.</summary>
    public static Episode RandomEpisode(IBackbone backbone, int shots, int queries, long seed,
        ScalarType dtype = ScalarType.Float64)
    {
        var shape = backbone.Shape;
        using var generator = new Generator((ulong)seed);
        Tensor Images(int perClass) => randn(
            [shape.Ways * perClass, shape.Channels, shape.ImageSize, shape.ImageSize],
            dtype, generator: generator);
        Tensor Labels(int perClass) => arange(shape.Ways, ScalarType.Int64)
            .repeat_interleave(perClass);
        return new Episode(Images(shots), Labels(shots), Images(queries), Labels(queries));
    }

    /// <summary>Meta-parameters as leaves that require grad, in <paramref name="dtype"/>.</summary>
    public static IReadOnlyList<Tensor> Parameters(IBackbone backbone, long seed,
        ScalarType dtype = ScalarType.Float64) =>
        backbone.InitialWeights(seed).Select(w => w.to(dtype).requires_grad_(true)).ToList();

    /// <summary>
    /// A learnable synthetic split: each class is a random grey pattern, and its images are
    /// that pattern plus fresh noise, so a network can tell classes apart from one example.
    /// </summary>
    public static ImageSplit PatternSplit(int classes, int imagesPerClass, int side, long seed)
    {
        using var generator = new Generator((ulong)seed);
        var patterns = rand([classes, 1, 1, side, side], generator: generator) * 200;
        var noise = randn([classes, imagesPerClass, 1, side, side], generator: generator) * 25;
        var images = (patterns + noise).clamp(0, 255).to(ScalarType.Byte)
            .reshape(classes * imagesPerClass, 1, side, side);
        var offsets = Enumerable.Range(0, classes + 1).Select(c => (long)c * imagesPerClass)
            .ToList();
        var names = Enumerable.Range(0, classes).Select(c => $"pattern{c}").ToList();
        return new ImageSplit("train", images.DetachFromDisposeScope(), offsets, names);
    }
}
