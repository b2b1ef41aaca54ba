using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Datasets;

/// <summary>
/// Turns a layout found on disk into a <see cref="FewShotDataset"/> on the compute device:
/// loads the packed cache when its key matches, builds it otherwise, then cuts the packed
/// images into the three splits.
/// </summary>
internal static class PackedDataset
{
    static readonly string[] SplitNames = ["train", "val", "test"];

    public static FewShotDataset Load(DatasetLayout layout, DatasetOptions options,
        IProgress<DatasetProgress>? progress)
    {
        int channels = options.EffectiveChannels;
        int size = options.EffectiveImageSize;
        var stamps = layout.Files.Select(file => Stamp(layout.Root, file)).ToArray();
        var key = PackedCache.Key(layout, stamps, channels, size);
        var candidates = CacheLocation.Candidates(options, layout.Root);

        using var scope = NewDisposeScope();
        var (packed, path) = LoadOrBuild(layout, options, key, candidates, progress);
        using (packed)
        {
            var skipped = packed.SkippedFiles.Select(i => layout.Files[i]).ToArray();
            if (skipped.Length > 0 && !options.SkipCorruptImages)
            {
                throw new InvalidDataException(
                    $"Image '{Path.Combine(layout.Root, skipped[0])}' cannot be read or decoded "
                    + $"(it and {skipped.Length - 1} more were skipped when the cache '{path}' "
                    + "was built); replace or delete them, or set "
                    + "DatasetOptions.SkipCorruptImages.");
            }

            var splits = Enumerable.Range(0, 3)
                .Select(s => Assemble(SplitNames[s], layout.Splits[s], packed))
                .ToArray();
            return new FewShotDataset(layout.Name, splits[0], splits[1], splits[2])
            {
                SkippedImages = skipped,
                Root = layout.Root,
                CachePath = path,
            };
        }
    }

    static (PackedImages Packed, string Path) LoadOrBuild(DatasetLayout layout,
        DatasetOptions options, byte[] key, IReadOnlyList<string> candidates,
        IProgress<DatasetProgress>? progress)
    {
        int channels = options.EffectiveChannels;
        int size = options.EffectiveImageSize;
        foreach (string candidate in candidates)
        {
            var packed = PackedCache.TryLoad(candidate, key, layout.Files.Count, channels, size,
                progress);
            if (packed is not null)
            {
                return (packed, candidate);
            }
        }

        var failures = new List<string>();
        foreach (string candidate in candidates)
        {
            if (!PackedCache.TryBuild(candidate, layout, key, channels, size,
                options.SkipCorruptImages, progress, out string? whyNot))
            {
                failures.Add($"'{candidate}': {whyNot}");
                continue;
            }
            var built = PackedCache.TryLoad(candidate, key, layout.Files.Count, channels, size,
                progress);
            return built is not null ? (built, candidate) : throw new IOException(
                $"The packed cache '{candidate}' just written does not read back; is the disk "
                + "full, or is another process writing it?");
        }
        throw new IOException("No folder could take the packed cache: "
            + string.Join("; ", failures) + ". Set DatasetOptions.CacheFolder to a writable one.");
    }

    static ImageSplit Assemble(string name, IReadOnlyList<LayoutClass> classes,
        PackedImages packed)
    {
        var rows = classes
            .Select(c => c.Files.Select(f => (long)packed.StoreIndexOfFile[f])
                .Where(row => row >= 0).ToArray())
            .ToArray();
        var offsets = new long[classes.Count + 1];
        for (int c = 0; c < classes.Count; c++)
        {
            offsets[c + 1] = offsets[c] + rows[c].Length;
        }

        var all = rows.SelectMany(r => r).ToArray();
        // A split that is one run of the packed rows, unturned, shares their memory; any
        // other is copied out (and only a copy may be turned).
        bool contiguous = all.Length > 0
            && all.Select((row, i) => row == all[0] + i).All(x => x)
            && classes.All(c => c.QuarterTurns % 4 == 0);
        var images = contiguous
            ? packed.Images.narrow(0, all[0], all.Length)
            : packed.Images.index_select(0, tensor(all));

        // Vinyals' Omniglot classes: the same character turned by quarter turns.
        for (int c = 0; c < classes.Count; c++)
        {
            if (classes[c].QuarterTurns % 4 != 0 && rows[c].Length > 0)
            {
                var block = images.narrow(0, offsets[c], rows[c].Length);
                block.copy_(block.rot90(classes[c].QuarterTurns, (2, 3)));
            }
        }

        var onDevice = images.to(TorchRuntime.Device).DetachFromDisposeScope();
        return new ImageSplit(name, onDevice, offsets, classes.Select(c => c.Name).ToArray());
    }

    /// <summary>
    /// What identifies a file's content without reading it: its size and last write time, so
    /// an image rewritten in place (even at the same size) makes the cache rebuild.
    /// </summary>
    static FileStamp Stamp(string root, string file)
    {
        var info = new FileInfo(Path.Combine(root, file));
        return info.Exists ? new FileStamp(info.Length, info.LastWriteTimeUtc.Ticks)
            : throw new FileNotFoundException(
                $"Image '{info.FullName}' was listed but does not exist.", info.FullName);
    }
}
