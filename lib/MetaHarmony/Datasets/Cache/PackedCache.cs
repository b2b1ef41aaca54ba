using System.Buffers.Binary;
using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using System.Text;
using static TorchSharp.torch;

namespace MetaHarmony.Datasets;

/// <summary>The images of a dataset's files, decoded and resized, on the CPU.</summary>
/// <param name="Images">uint8 [kept files, C, size, size], in file order.</param>
/// <param name="StoreIndexOfFile">For each file of the layout, its row in
/// <paramref name="Images"/>, or -1 when it was skipped as corrupt.</param>
/// <param name="SkippedFiles">Indices of the files that were skipped.</param>
internal sealed record PackedImages(Tensor Images, int[] StoreIndexOfFile,
    IReadOnlyList<int> SkippedFiles) : IDisposable
{
    /// <summary>Disposes the images.</summary>
    public void Dispose() => Images.Dispose();
}

/// <summary>
/// The packed cache file: every image of a dataset decoded and resized once, stored as raw
/// uint8 CHW pixels behind a header that carries the key of what was packed (the list of
/// files with their sizes and write times, the image size, the channels and this format's
/// version). A file is accepted only if its header, key, length and closing trailer all check
/// out; it is written under a temporary name in the same folder and renamed into place only
/// once complete and flushed to disk, so an interrupted build never leaves a file that passes.
/// </summary>
internal static class PackedCache
{
    /// <summary>Bumped whenever the layout of the file or the decoding and resizing change.
    /// </summary>
    public const int FormatVersion = 1;

    /// <summary>The infix of temporary files: never a name that <see cref="TryLoad"/> reads.
    /// </summary>
    public const string TemporaryInfix = ".partial-";

    /// <summary>
    /// Age after which a temporary file is taken as left behind by a killed build and removed
    /// by the next build beside it. A live build writes to its file all the time, so its last
    /// write time stays recent however long the build takes.
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    const int HeaderBytes = 64;
    const int KeyBytes = 32;
    const int ChunkFiles = 256;
    static ReadOnlySpan<byte> Magic => "MHPACK\r\n"u8;
    static ReadOnlySpan<byte> Trailer => "MHPACKOK"u8;

    /// <summary>The key of a packing: SHA-256 of everything that changes its bytes.</summary>
    public static byte[] Key(DatasetLayout layout, IReadOnlyList<FileStamp> files, int channels,
        int size)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData(Encoding.UTF8.GetBytes(
            $"metaharmony packed cache {FormatVersion}\nbilinear antialias\n"
            + $"{layout.Name}\n{channels}\n{size}\n{layout.Files.Count}\n"));
        for (int i = 0; i < layout.Files.Count; i++)
        {
            hash.AppendData(Encoding.UTF8.GetBytes(
                $"{layout.Files[i]}\t{files[i].Size}\t{files[i].LastWriteTicks}\n"));
        }
        return hash.GetHashAndReset();
    }

    /// <summary>
    /// Reads the cache at <paramref name="path"/> if it exists, is complete and was packed
    /// with <paramref name="key"/>; otherwise returns null (the caller rebuilds it).
    /// </summary>
    public static PackedImages? TryLoad(string path, byte[] key, int fileCount, int channels,
        int size, IProgress<DatasetProgress>? progress)
    {
        using var handle = OpenOrNull(path);
        if (handle is null)
        {
            return null;
        }

        long length = RandomAccess.GetLength(handle);
        var header = new byte[HeaderBytes];
        if (length < HeaderBytes || RandomAccess.Read(handle, header, 0) != HeaderBytes
            || !HeaderMatches(header, key, fileCount, channels, size, out int kept))
        {
            return null;
        }

        long imageBytes = (long)channels * size * size;
        long skippedAt = HeaderBytes + kept * imageBytes;
        var countBytes = new byte[4];
        if (length < skippedAt + 4 + Trailer.Length
            || RandomAccess.Read(handle, countBytes, skippedAt) != 4)
        {
            return null;
        }
        int skippedCount = BinaryPrimitives.ReadInt32LittleEndian(countBytes);
        if (skippedCount != fileCount - kept
            || length != skippedAt + 4 + 4L * skippedCount + Trailer.Length)
        {
            return null;
        }

        var tail = new byte[4 * skippedCount + Trailer.Length];
        if (RandomAccess.Read(handle, tail, skippedAt + 4) != tail.Length
            || !tail.AsSpan(4 * skippedCount).SequenceEqual(Trailer))
        {
            return null;
        }
        var skipped = Enumerable.Range(0, skippedCount)
            .Select(i => BinaryPrimitives.ReadInt32LittleEndian(tail.AsSpan(4 * i)))
            .ToArray();
        if (skipped.Any(i => i < 0 || i >= fileCount)
            || skipped.Distinct().Count() != skipped.Length)
        {
            return null;
        }

        var images = ReadImages(handle, kept, channels, size, progress);
        return new PackedImages(images, StoreIndices(fileCount, skipped), skipped);
    }

    /// <summary>
    /// Decodes and resizes every file of <paramref name="layout"/> into a new cache at
    /// <paramref name="path"/>, first removing the temporary files that killed builds left in
    /// its folder (<see cref="RemoveAbandoned"/>). Returns false, having decoded nothing, when
    /// the folder is not writable; <paramref name="whyNot"/> then says why.
    /// </summary>
    public static bool TryBuild(string path, DatasetLayout layout, byte[] key, int channels,
        int size, bool skipCorrupt, IProgress<DatasetProgress>? progress, out string? whyNot)
    {
        string temporary = path + TemporaryInfix + Guid.NewGuid().ToString("N");
        FileStream stream;
        try
        {
            Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(path))!);
            RemoveAbandoned(path, AbandonedAfter);
            stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write,
                FileShare.None, 1 << 20);
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            whyNot = error.Message;
            return false;
        }

        try
        {
            using (stream)
            {
                stream.Write(new byte[HeaderBytes]);
                var skipped = WriteImages(stream, layout, channels, size, skipCorrupt, progress);

                var tail = new byte[4 + 4 * skipped.Count];
                BinaryPrimitives.WriteInt32LittleEndian(tail, skipped.Count);
                for (int i = 0; i < skipped.Count; i++)
                {
                    BinaryPrimitives.WriteInt32LittleEndian(tail.AsSpan(4 + 4 * i), skipped[i]);
                }
                stream.Write(tail);
                stream.Write(Trailer);

                // The header goes in last: until then the file cannot pass as a cache even
                // under its final name.
                stream.Position = 0;
                stream.Write(Header(key, layout.Files.Count, layout.Files.Count - skipped.Count,
                    channels, size));
                stream.Flush(flushToDisk: true);
            }
            File.Move(temporary, path, overwrite: true);
        }
        finally
        {
            File.Delete(temporary);
        }
        whyNot = null;
        return true;
    }

    /// <summary>
    /// Deletes the temporary files of packed caches in the folder of <paramref name="path"/>
    /// last written more than <paramref name="olderThan"/> ago (younger ones may belong to a
    /// build in progress elsewhere). Returns how many it removed; one it may not delete is
    /// left, since a build must not fail over another's left-overs.
    /// </summary>
    public static int RemoveAbandoned(string path, TimeSpan olderThan)
    {
        string folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        if (!Directory.Exists(folder))
        {
            return 0;
        }

        var cutoff = DateTime.UtcNow - olderThan;
        int removed = 0;
        foreach (string file in Directory.EnumerateFiles(folder,
            "*" + CacheLocation.Extension + TemporaryInfix + "*"))
        {
            try
            {
                if (File.GetLastWriteTimeUtc(file) < cutoff)
                {
                    File.Delete(file);
                    removed++;
                }
            }
            catch (Exception error) when (error is IOException or UnauthorizedAccessException)
            {
                // Another process removed it first, or it is not ours to remove.
            }
        }
        return removed;
    }

    static List<int> WriteImages(FileStream stream, DatasetLayout layout, int channels,
        int size, bool skipCorrupt, IProgress<DatasetProgress>? progress)
    {
        var skipped = new List<int>();
        int total = layout.Files.Count;
        for (int start = 0; start < total; start += ChunkFiles)
        {
            int count = Math.Min(ChunkFiles, total - start);
            var decoded = DecodeChunk(layout, start, count, channels, skipCorrupt);
            var good = new List<DecodedImage>(count);
            for (int i = 0; i < count; i++)
            {
                if (decoded[i] is { } image)
                {
                    good.Add(image);
                }
                else
                {
                    skipped.Add(start + i);
                }
            }
            var pixels = new byte[good.Count * channels * size * size];
            ImageResizer.Resize(good, channels, size, pixels);
            stream.Write(pixels);
            progress?.Report(new DatasetProgress("decoding images", start + count, total));
        }
        return skipped;
    }

    /// <summary>
    /// Decodes files <paramref name="start"/> to <paramref name="start"/> + count - 1 in
    /// parallel; a file that cannot be read or decoded is null when
    /// <paramref name="skipCorrupt"/>, else the first such file stops the build.
    /// </summary>
    static DecodedImage?[] DecodeChunk(DatasetLayout layout, int start, int count,
        int channels, bool skipCorrupt)
    {
        var decoded = new DecodedImage?[count];
        var failures = new InvalidDataException?[count];
        try
        {
            // Every file is tried and its failure kept, so that the file reported does not
            // depend on which thread failed first.
            Parallel.For(0, count, i =>
            {
                try
                {
                    decoded[i] = ImageDecoder.Decode(
                        Path.Combine(layout.Root, layout.Files[start + i]), channels);
                }
                catch (InvalidDataException error)
                {
                    failures[i] = error;
                }
            });
        }
        catch (AggregateException error)
        {
            // Not a bad file (those are kept above) but a failure of the process, such as
            // running out of memory: rethrown as itself.
            ExceptionDispatchInfo.Capture(error.InnerExceptions[0]).Throw();
        }

        // The lowest-index bad file, as if decoding had been sequential.
        int bad = Array.FindIndex(failures, f => f is not null);
        if (bad >= 0 && !skipCorrupt)
        {
            ExceptionDispatchInfo.Capture(failures[bad]!).Throw();
        }
        return decoded;
    }

    // A cache that is missing or that this user may not read is one to rebuild elsewhere.
    static Microsoft.Win32.SafeHandles.SafeFileHandle? OpenOrNull(string path)
    {
        try
        {
            return File.Exists(path) ? File.OpenHandle(path) : null;
        }
        catch (Exception error) when (error is UnauthorizedAccessException or IOException)
        {
            return null;
        }
    }

    static Tensor ReadImages(Microsoft.Win32.SafeHandles.SafeFileHandle handle, int kept,
        int channels, int size, IProgress<DatasetProgress>? progress)
    {
        long imageBytes = (long)channels * size * size;
        var images = empty([kept, channels, size, size], ScalarType.Byte);
        int chunk = (int)Math.Max(1, (64L << 20) / imageBytes);
        for (int start = 0; start < kept; start += chunk)
        {
            int count = Math.Min(chunk, kept - start);
            using var rows = images.narrow(0, start, count);
            var target = rows.bytes;
            long offset = HeaderBytes + start * imageBytes;
            while (!target.IsEmpty)
            {
                int read = RandomAccess.Read(handle, target, offset);
                if (read <= 0)
                {
                    images.Dispose();
                    throw new EndOfStreamException("The packed cache ended early.");
                }
                target = target[read..];
                offset += read;
            }
            progress?.Report(new DatasetProgress("loading cache", start + count, kept));
        }
        return images;
    }

    static byte[] Header(byte[] key, int files, int kept, int channels, int size)
    {
        var header = new byte[HeaderBytes];
        Magic.CopyTo(header);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(8), FormatVersion);
        key.CopyTo(header, 12);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(12 + KeyBytes), files);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(16 + KeyBytes), kept);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(20 + KeyBytes), channels);
        BinaryPrimitives.WriteInt32LittleEndian(header.AsSpan(24 + KeyBytes), size);
        return header;
    }

    static bool HeaderMatches(byte[] header, byte[] key, int files, int channels, int size,
        out int kept)
    {
        kept = BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(16 + KeyBytes));
        return header.AsSpan(0, 8).SequenceEqual(Magic)
            && BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(8)) == FormatVersion
            && header.AsSpan(12, KeyBytes).SequenceEqual(key)
            && BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(12 + KeyBytes)) == files
            && kept >= 0 && kept <= files
            && BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(20 + KeyBytes)) == channels
            && BinaryPrimitives.ReadInt32LittleEndian(header.AsSpan(24 + KeyBytes)) == size;
    }

    static int[] StoreIndices(int fileCount, IReadOnlyList<int> skipped)
    {
        var isSkipped = new bool[fileCount];
        foreach (int i in skipped)
        {
            isSkipped[i] = true;
        }
        var store = new int[fileCount];
        int next = 0;
        for (int i = 0; i < fileCount; i++)
        {
            store[i] = isSkipped[i] ? -1 : next++;
        }
        return store;
    }
}
