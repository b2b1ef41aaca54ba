using MetaHarmony.Datasets;
using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Episodes;

/// <summary>
/// Draws N-way K-shot episodes from one split whose packed images already sit on the compute
/// device. The draw is stateless: an episode is a pure function of (seed, iteration, task),
/// so a resumed run draws the same episodes, and evaluation episodes are fixed by the seed
/// alone. Indices are drawn on the host, sent to the device as one tensor per call, and the
/// images gathered, converted to float, normalised and augmented there: no decoding, no file
/// access, and no device-to-host copy while sampling.
/// </summary>
public sealed class EpisodeSampler : IDisposable
{
    const long TrainingStream = 0;
    const long EvaluationStream = 1;

    readonly Tensor scale;
    readonly Tensor shift;
    readonly Tensor supportLabels;
    readonly Tensor queryLabels;

    /// <summary>
    /// A sampler over <paramref name="split"/>. Checks, before any tensor work, that the split
    /// has at least N classes and every class at least K + Q images.
    /// </summary>
    /// <param name="split">The split to draw from (its images on the compute device).</param>
    /// <param name="options">N, K, Q, normalisation and augmentation.</param>
    /// <param name="seed">The seed that, with the iteration and task, fixes each episode.</param>
    /// <param name="datasetStatistics">The training split's statistics; required when
    /// <see cref="EpisodeOptions.Normalization"/> is
    /// <see cref="ImageNormalization.DatasetStatistics"/> (see <see cref="ForSplit"/>).</param>
    /// <exception cref="ArgumentException">The split is too small for the episode shape, or the
    /// normalisation does not fit its channels; the message names the split or class and the
    /// numbers.</exception>
    public EpisodeSampler(ImageSplit split, EpisodeOptions options, long seed,
        ChannelStatistics? datasetStatistics = null)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        CheckFits(split, options);
        var (mean, std) = NormalizationOf(options, split, datasetStatistics);

        Split = split;
        Options = options;
        Seed = seed;
        var device = split.Images.device;
        int channels = (int)split.Images.shape[1];
        scale = tensor(std.Select(s => (float)(1 / (255 * s))).ToArray(), device: device)
            .view(1, channels, 1, 1).DetachFromDisposeScope();
        shift = tensor(mean.Select((m, c) => (float)(-m / std[c])).ToArray(), device: device)
            .view(1, channels, 1, 1).DetachFromDisposeScope();
        supportLabels = Labels(options.Ways, options.Shots, device);
        queryLabels = Labels(options.Ways, options.Queries, device);
    }

    /// <summary>
    /// A sampler over the split called <paramref name="split"/> ("train", "val", "test") of
    /// <paramref name="dataset"/>, normalised, when asked, with the training split's statistics.
    /// </summary>
    public static EpisodeSampler ForSplit(FewShotDataset dataset, string split,
        EpisodeOptions options, long seed)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(options);
        var statistics = options.Normalization == ImageNormalization.DatasetStatistics
            ? dataset.TrainStatistics : null;
        return new EpisodeSampler(dataset.Split(split), options, seed, statistics);
    }

    /// <summary>The split episodes are drawn from.</summary>
    public ImageSplit Split { get; }

    /// <summary>The episode shape and image preparation.</summary>
    public EpisodeOptions Options { get; }

    /// <summary>The seed that fixes every episode.</summary>
    public long Seed { get; }

    /// <summary>Episode <paramref name="task"/> of meta-iteration
    /// <paramref name="iteration"/>, augmented if the options say so.</summary>
    public Episode Sample(long iteration, int task) => SampleMetaBatch(iteration, task, 1)[0];

    /// <summary>
    /// The meta-batch of meta-iteration <paramref name="iteration"/>: episodes for tasks
    /// 0..<paramref name="tasks"/>-1, gathered with one index tensor. Episode t equals
    /// <see cref="Sample"/>(iteration, t).
    /// </summary>
    public IReadOnlyList<Episode> SampleMetaBatch(long iteration, int tasks) =>
        SampleMetaBatch(iteration, 0, tasks);

    /// <summary>
    /// Evaluation episode <paramref name="episodeIndex"/>: fixed by the seed and the index
    /// alone, from a stream apart from training episodes, and never augmented, so that every
    /// configuration evaluated with the same seed meets the same episodes.
    /// </summary>
    public Episode SampleEvaluation(int episodeIndex)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(episodeIndex);
        var plan = EpisodePlan.Draw(Split, Options, EpisodeAugmentation.None,
            SplitMix64.ForKey(Seed, episodeIndex, 0, EvaluationStream));
        return Gather([plan], EpisodeAugmentation.None)[0];
    }

    /// <summary>The host-side draw of a training episode, for tests and diagnostics.</summary>
    internal EpisodePlan Plan(long iteration, int task) =>
        EpisodePlan.Draw(Split, Options, Options.Augmentation,
            SplitMix64.ForKey(Seed, iteration, task, TrainingStream));

    /// <summary>Disposes the sampler's constant tensors (not the split).</summary>
    public void Dispose()
    {
        scale.Dispose();
        shift.Dispose();
        supportLabels.Dispose();
        queryLabels.Dispose();
    }

    IReadOnlyList<Episode> SampleMetaBatch(long iteration, int firstTask, int tasks)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(tasks, 1);
        var plans = Enumerable.Range(firstTask, tasks).Select(t => Plan(iteration, t)).ToArray();
        return Gather(plans, Options.Augmentation);
    }

    List<Episode> Gather(EpisodePlan[] plans, EpisodeAugmentation augmentation)
    {
        using var scope = NewDisposeScope();
        int perEpisode = plans[0].Rows.Length;
        int count = plans.Length * perEpisode;
        bool augment = augmentation.IsEnabled;

        // Rows, then the augmentation draws: one host-to-device copy for the whole call.
        var host = plans.SelectMany(p => p.Rows)
            .Concat(plans.SelectMany(p => p.ShiftY))
            .Concat(plans.SelectMany(p => p.ShiftX))
            .Concat(plans.SelectMany(p => p.Flip))
            .ToArray();
        var packed = tensor(host, device: Split.Images.device);
        var images = Split.Images.index_select(0, packed.narrow(0, 0, count))
            .to(ScalarType.Float32);
        if (augment)
        {
            images = Augment(images, augmentation.MaxShift, packed.narrow(0, count, count),
                packed.narrow(0, 2 * count, count), packed.narrow(0, 3 * count, count));
        }
        images = images.mul_(scale).add_(shift);

        int support = Options.Ways * Options.Shots;
        var episodes = new List<Episode>(plans.Length);
        for (int t = 0; t < plans.Length; t++)
        {
            long start = (long)t * perEpisode;
            episodes.Add(new Episode(
                images.narrow(0, start, support).MoveToOuterDisposeScope(),
                supportLabels.clone().MoveToOuterDisposeScope(),
                images.narrow(0, start + support, perEpisode - support).MoveToOuterDisposeScope(),
                queryLabels.clone().MoveToOuterDisposeScope()));
        }
        return episodes;
    }

    /// <summary>
    /// Shifts and mirrors each image with one gather from the edge-padded batch: output pixel
    /// (y, x) of image i reads padded pixel (top_i + y, left_i + x), or left_i + W-1-x when
    /// image i is mirrored.
    /// </summary>
    static Tensor Augment(Tensor images, int maxShift, Tensor top, Tensor left, Tensor flip)
    {
        long count = images.shape[0], channels = images.shape[1];
        long height = images.shape[2], width = images.shape[3];
        var padded = maxShift > 0
            ? F.pad(images, [maxShift, maxShift, maxShift, maxShift], PaddingModes.Replicate)
            : images;
        long paddedWidth = padded.shape[3];
        var device = images.device;

        var rows = arange(height, ScalarType.Int64, device).unsqueeze(0) + top.unsqueeze(1);
        var across = arange(width, ScalarType.Int64, device).unsqueeze(0);
        var columns = where(flip.unsqueeze(1).eq(1), (width - 1) - across, across)
            + left.unsqueeze(1);
        var source = (rows.unsqueeze(2) * paddedWidth + columns.unsqueeze(1))
            .view(count, 1, height * width)
            .expand(count, channels, height * width);
        return padded.reshape(count, channels, -1).gather(2, source)
            .view(count, channels, height, width);
    }

    static void CheckFits(ImageSplit split, EpisodeOptions options)
    {
        if (split.ClassCount < options.Ways)
        {
            throw new ArgumentException(
                $"Split '{split.Name}' has {split.ClassCount} classes; a {options.Ways}-way "
                + $"episode needs at least {options.Ways}. Lower Ways or use a larger split.",
                nameof(split));
        }

        var small = Enumerable.Range(0, split.ClassCount)
            .Where(c => split.ImagesOf(c) < options.ImagesPerClass)
            .ToArray();
        if (small.Length > 0)
        {
            var named = small.Take(3).Select(c => $"'{split.ClassNames[c]}' ({split.ImagesOf(c)})");
            throw new ArgumentException(
                $"Split '{split.Name}': class {string.Join(", ", named)}"
                + (small.Length > 3 ? $" and {small.Length - 3} more" : "")
                + $" ha{(small.Length == 1 ? "s" : "ve")} fewer than K + Q = {options.Shots} + "
                + $"{options.Queries} = {options.ImagesPerClass} images. Lower Shots or Queries, "
                + "or remove the class.", nameof(split));
        }
    }

    static (double[] Mean, double[] Std) NormalizationOf(EpisodeOptions options,
        ImageSplit split, ChannelStatistics? datasetStatistics)
    {
        int channels = (int)split.Images.shape[1];
        var (mean, std) = options.Normalization switch
        {
            ImageNormalization.Custom => (options.Mean!.ToArray(), options.Std!.ToArray()),
            ImageNormalization.DatasetStatistics => datasetStatistics is null
                ? throw new ArgumentException(
                    "Normalization = DatasetStatistics needs the training split's statistics; "
                    + "pass dataset.TrainStatistics or use EpisodeSampler.ForSplit.",
                    nameof(datasetStatistics))
                : (datasetStatistics.Mean.ToArray(),
                    datasetStatistics.Std.Select(s => Math.Max(s, 1e-6)).ToArray()),
            _ => (new double[channels], Enumerable.Repeat(1.0, channels).ToArray()),
        };
        if (mean.Length != channels)
        {
            throw new ArgumentException(
                $"Normalization has {mean.Length} channel statistics, but split '{split.Name}' "
                + $"has {channels} channels.", nameof(options));
        }
        return (mean, std);
    }

    static Tensor Labels(int ways, int perClass, Device device) =>
        arange(ways, ScalarType.Int64, device).repeat_interleave(perClass)
            .DetachFromDisposeScope();
}
