using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Datasets;

/// <summary>
/// Builds the embedded kanji dataset: every character of <see cref="KanjiStrokeTable"/>
/// rendered <see cref="DatasetOptions.KanjiInstances"/> times by <see cref="KanjiRenderer"/>,
/// divided by <see cref="KanjiSplits"/>. Rendering is fast enough (seconds for the whole set)
/// that it is redone on every load instead of cached.
/// </summary>
internal static class KanjiDataset
{
    static readonly string[] SplitNames = ["train", "val", "test"];

    public static FewShotDataset Load(DatasetOptions options, IProgress<DatasetProgress>? progress)
    {
        var table = KanjiStrokeTable.Characters;
        int size = options.EffectiveImageSize;
        int instances = options.KanjiInstances;
        var classes = SplitNames
            .Select(split => KanjiSplits.ClassesOf(split, table.Count))
            .ToArray();

        // One render over all classes, split by split, so progress runs once from 0 to 100%.
        var ordered = classes.SelectMany(indices => indices.Select(i => table[i])).ToArray();
        byte[] pixels = KanjiRenderer.RenderAll(ordered, instances, options.KanjiSeed, size,
            options.KanjiPolarity, progress);

        using var scope = NewDisposeScope();
        var all = tensor(pixels, [ordered.Length * (long)instances, 1, size, size]);
        if (options.EffectiveChannels == 3)
        {
            all = all.expand(-1, 3, -1, -1).contiguous();
        }

        var splits = new ImageSplit[3];
        long first = 0;
        for (int s = 0; s < 3; s++)
        {
            long count = classes[s].Count * (long)instances;
            var images = all.narrow(0, first, count).to(TorchRuntime.Device)
                .DetachFromDisposeScope();
            var offsets = Enumerable.Range(0, classes[s].Count + 1)
                .Select(c => (long)c * instances).ToArray();
            var names = classes[s].Select(i => table[i].ClassName).ToArray();
            splits[s] = new ImageSplit(SplitNames[s], images, offsets, names);
            first += count;
        }
        return new FewShotDataset(DatasetNames.Kanji, splits[0], splits[1], splits[2]);
    }
}
