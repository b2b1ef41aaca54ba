using MetaHarmony.Datasets;
using MetaHarmony.Runtime;

namespace MetaHarmony.Episodes;

/// <summary>
/// The host-side draw of one episode: which packed rows form its support and query sets, and
/// how each image is augmented. Cheap (a few hundred random numbers), identical on every
/// device, and a pure function of its random stream.
/// </summary>
/// <param name="Classes">The split's class index behind each label 0..N-1.</param>
/// <param name="Rows">Packed rows: the support set (N x K, label after label), then the query
/// set (N x Q, label after label).</param>
/// <param name="ShiftY">Per image, the crop's top edge in the padded image (0..2 x MaxShift);
/// empty without augmentation.</param>
/// <param name="ShiftX">Per image, the crop's left edge in the padded image.</param>
/// <param name="Flip">Per image, 1 to mirror it left-right, else 0.</param>
internal sealed record EpisodePlan(int[] Classes, long[] Rows, long[] ShiftY, long[] ShiftX,
    long[] Flip)
{
    /// <summary>Draws an episode from <paramref name="split"/> with
    /// <paramref name="random"/>.</summary>
    public static EpisodePlan Draw(ImageSplit split, EpisodeOptions options,
        EpisodeAugmentation augmentation, SplitMix64 random)
    {
        int ways = options.Ways, shots = options.Shots, queries = options.Queries;

        // The first N places of a partial shuffle are N distinct classes in random order, so
        // label l goes to a random class: labels are shuffled per episode.
        var classes = new int[split.ClassCount];
        for (int c = 0; c < classes.Length; c++)
        {
            classes[c] = c;
        }
        random.ShuffleFirst(classes.AsSpan(), ways);

        // K + Q distinct images of each class: the first K support, the rest query.
        var rows = new long[ways * (shots + queries)];
        for (int label = 0; label < ways; label++)
        {
            int c = classes[label];
            long first = split.ClassOffsets[c];
            var images = new int[split.ImagesOf(c)];
            for (int i = 0; i < images.Length; i++)
            {
                images[i] = i;
            }
            random.ShuffleFirst(images.AsSpan(), shots + queries);
            for (int k = 0; k < shots; k++)
            {
                rows[label * shots + k] = first + images[k];
            }
            for (int q = 0; q < queries; q++)
            {
                rows[ways * shots + label * queries + q] = first + images[shots + q];
            }
        }

        // Augmentation draws come after the rows, so turning it on changes no image choice.
        int count = augmentation.IsEnabled ? rows.Length : 0;
        var shiftY = new long[count];
        var shiftX = new long[count];
        var flip = new long[count];
        for (int i = 0; i < count; i++)
        {
            int span = 2 * augmentation.MaxShift + 1;
            shiftY[i] = random.NextInt(span);
            shiftX[i] = random.NextInt(span);
            flip[i] = augmentation.HorizontalFlip ? (long)(random.Next() >> 63) : 0;
        }
        return new EpisodePlan(classes[..ways], rows, shiftY, shiftX, flip);
    }
}
