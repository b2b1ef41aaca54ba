using static TorchSharp.torch;

namespace MetaHarmony.Datasets;

/// <summary>
/// One split (train, validation or test) of a few-shot dataset, packed: every image of every
/// class in one uint8 tensor [count, C, H, W], class after class, on the compute device.
/// </summary>
public sealed class ImageSplit : IDisposable
{
    /// <summary>Wraps packed images; takes ownership of <paramref name="images"/>.</summary>
    /// <param name="name">"train", "val" or "test".</param>
    /// <param name="images">uint8 [count, C, H, W], grouped by class.</param>
    /// <param name="classOffsets">First image of each class, then the image count.</param>
    /// <param name="classNames">A name for each class (folder name, character name).</param>
    public ImageSplit(string name, Tensor images, IReadOnlyList<long> classOffsets,
        IReadOnlyList<string> classNames)
    {
        ArgumentNullException.ThrowIfNull(images);
        ArgumentNullException.ThrowIfNull(classOffsets);
        ArgumentNullException.ThrowIfNull(classNames);
        if (images.dtype != ScalarType.Byte || images.dim() != 4)
        {
            throw new ArgumentException(
                $"Split '{name}' images are {images.dtype} with {images.dim()} dimensions; "
                + "expected uint8 [count, C, H, W].", nameof(images));
        }
        if (classOffsets.Count != classNames.Count + 1 || classOffsets[^1] != images.shape[0])
        {
            throw new ArgumentException(
                $"Split '{name}' has {classNames.Count} classes, {classOffsets.Count} offsets "
                + $"ending at {classOffsets.LastOrDefault()}, and {images.shape[0]} images.",
                nameof(classOffsets));
        }

        Name = name;
        Images = images;
        ClassOffsets = classOffsets;
        ClassNames = classNames;
    }

    /// <summary>"train", "val" or "test".</summary>
    public string Name { get; }

    /// <summary>uint8 [count, C, H, W], class after class.</summary>
    public Tensor Images { get; }

    /// <summary>First image index of each class; the last entry is the image count.</summary>
    public IReadOnlyList<long> ClassOffsets { get; }

    /// <summary>The class names, in packing order.</summary>
    public IReadOnlyList<string> ClassNames { get; }

    /// <summary>Number of classes.</summary>
    public int ClassCount => ClassNames.Count;

    /// <summary>Number of images of class <paramref name="c"/>.</summary>
    public long ImagesOf(int c) => ClassOffsets[c + 1] - ClassOffsets[c];

    /// <summary>
    /// Mean and standard deviation of each channel over every pixel of the split, on the
    /// [0, 1] scale. Reads the images in chunks, so it needs no float copy of the whole split.
    /// </summary>
    public ChannelStatistics ComputeStatistics()
    {
        using var scope = NewDisposeScope();
        long count = Images.shape[0];
        long channels = Images.shape[1];
        var sum = zeros(channels, ScalarType.Float64, Images.device);
        var sumOfSquares = zeros(channels, ScalarType.Float64, Images.device);
        const long Chunk = 1024;
        for (long start = 0; start < count; start += Chunk)
        {
            var pixels = Images.narrow(0, start, Math.Min(Chunk, count - start))
                .to(ScalarType.Float64).div_(255);
            sum.add_(pixels.sum([0, 2, 3]));
            sumOfSquares.add_(pixels.square().sum([0, 2, 3]));
        }

        double perChannel = (double)count * Images.shape[2] * Images.shape[3];
        var mean = sum.cpu().data<double>().ToArray().Select(v => v / perChannel).ToArray();
        var squares = sumOfSquares.cpu().data<double>().ToArray();
        var std = mean.Select((m, c) => Math.Sqrt(Math.Max(squares[c] / perChannel - m * m, 0)))
            .ToArray();
        return new ChannelStatistics(mean, std);
    }

    /// <summary>Disposes the packed images.</summary>
    public void Dispose() => Images.Dispose();
}
