using System.Security.Cryptography;
using System.Text;
using MetaHarmony.Schedules;

namespace MetaHarmony.Experiments;

/// <summary>
/// The checkpoint file: a fixed header (magic "MHCKPT", format version, payload length and the
/// payload's SHA-256), then the payload (run id, configuration hash, schedule state, training
/// time, layer names, the log as CSV, the parameters and Adam's state). Files are written to a
/// temporary name, flushed to disk and renamed over the old one, so a crash or a failed write
/// leaves the last good checkpoint in place. Reading checks the length and the checksum before
/// anything is restored, so a truncated or damaged file is refused with its name.
/// </summary>
public static class CheckpointFile
{
    /// <summary>The format this kit writes and reads.</summary>
    public const int FormatVersion = 1;

    /// <summary>The file name extension of checkpoints.</summary>
    public const string Extension = ".ckpt";

    /// <summary>The folder of a result store's checkpoints: "checkpoints" beside "runs".</summary>
    public static string FolderOf(ResultStore store)
    {
        ArgumentNullException.ThrowIfNull(store);
        return Path.Combine(store.Folder, "checkpoints");
    }

    /// <summary>The checkpoint file of a run in <paramref name="folder"/>.</summary>
    public static string PathIn(string folder, string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        return Path.Combine(folder, runId + Extension);
    }

    static readonly byte[] Magic = "MHCKPT\r\n"u8.ToArray();
    const int HashBytes = 32;
    const int HeaderBytes = 8 + sizeof(int) + sizeof(long) + HashBytes;

    /// <summary>Writes <paramref name="checkpoint"/> to a file, atomically.</summary>
    public static void Save(string path, Checkpoint checkpoint)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        ArgumentNullException.ThrowIfNull(checkpoint);
        byte[] payload = Payload(checkpoint);
        AtomicFile.Write(path, stream =>
        {
            using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
            {
                writer.Write(Magic);
                writer.Write(FormatVersion);
                writer.Write((long)payload.Length);
                writer.Write(SHA256.HashData(payload));
                writer.Write(payload);
            }

            // On disk before the rename: otherwise a power cut could leave an empty new file
            // in place of the last good one.
            if (stream is FileStream file)
            {
                file.Flush(flushToDisk: true);
            }
        });
    }

    /// <summary>
    /// Reads and verifies a checkpoint; a missing, truncated, damaged or foreign file raises
    /// <see cref="InvalidDataException"/> (or <see cref="FileNotFoundException"/>) naming it.
    /// </summary>
    public static Checkpoint Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"There is no checkpoint at {path}.", path);
        }

        byte[] bytes = File.ReadAllBytes(path);
        if (bytes.Length >= Magic.Length && !bytes.AsSpan(0, Magic.Length).SequenceEqual(Magic))
        {
            throw Damaged(path, "it does not start like a MetaHarmony checkpoint");
        }
        if (bytes.Length < HeaderBytes)
        {
            throw Damaged(path, $"it is truncated ({bytes.Length} bytes, shorter than the header)");
        }

        int version = BitConverter.ToInt32(bytes, Magic.Length);
        if (version != FormatVersion)
        {
            throw Damaged(path, $"it has format version {version}; this kit reads "
                + $"{FormatVersion}");
        }

        long length = BitConverter.ToInt64(bytes, Magic.Length + sizeof(int));
        long found = bytes.Length - HeaderBytes;
        if (found != length)
        {
            throw Damaged(path, found < length
                ? $"it is truncated ({found} of {length} payload bytes)"
                : $"it has {found - length} bytes more than its header says");
        }

        var hash = bytes.AsSpan(HeaderBytes - HashBytes, HashBytes);
        var payload = bytes.AsSpan(HeaderBytes);
        if (!SHA256.HashData(payload).AsSpan().SequenceEqual(hash))
        {
            throw Damaged(path, "its checksum does not match its content");
        }

        try
        {
            return Read(payload.ToArray());
        }
        catch (Exception e) when (e is EndOfStreamException or InvalidDataException
            or FormatException or ArgumentException)
        {
            throw Damaged(path, $"its content cannot be read ({e.Message})", e);
        }
    }

    static byte[] Payload(Checkpoint checkpoint)
    {
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(checkpoint.Identity.RunId);
            writer.Write(checkpoint.Identity.ConfigHash);
            writer.Write(checkpoint.Schedule.Iteration);
            writer.Write(checkpoint.Schedule.Harmonized);
            writer.Write(checkpoint.Schedule.Target);
            writer.Write(checkpoint.TrainingSeconds);
            writer.Write(checkpoint.LayerNames.Count);
            foreach (string layer in checkpoint.LayerNames)
            {
                writer.Write(layer);
            }
            writer.Write(IterationLogCsv.Write(checkpoint.LayerNames, checkpoint.Log));
            Block(writer, checkpoint.ParameterBytes);
            Block(writer, checkpoint.OptimizerBytes);
        }
        return stream.ToArray();
    }

    static Checkpoint Read(byte[] payload)
    {
        using var reader = new BinaryReader(new MemoryStream(payload), Encoding.UTF8);
        var identity = new CheckpointIdentity(reader.ReadString(), reader.ReadString());
        var schedule = new ExploreExploitState(reader.ReadInt64(), reader.ReadInt64(),
            reader.ReadDouble());
        double seconds = reader.ReadDouble();
        var layers = Enumerable.Range(0, reader.ReadInt32()).Select(_ => reader.ReadString())
            .ToList();
        var log = IterationLogCsv.Read(layers, reader.ReadString());
        byte[] parameters = Block(reader);
        byte[] optimizer = Block(reader);
        return new Checkpoint(identity, schedule, seconds, layers, log, parameters, optimizer);
    }

    static void Block(BinaryWriter writer, ReadOnlySpan<byte> bytes)
    {
        writer.Write(bytes.Length);
        writer.Write(bytes);
    }

    static byte[] Block(BinaryReader reader)
    {
        int length = reader.ReadInt32();
        byte[] bytes = reader.ReadBytes(length);
        return bytes.Length == length ? bytes
            : throw new EndOfStreamException($"a block of {length} bytes has {bytes.Length}");
    }

    static InvalidDataException Damaged(string path, string reason, Exception? inner = null) =>
        new($"Checkpoint {path} cannot be used: {reason}. Nothing was restored. Delete the "
            + "file to start the run over (or resume from a copy).", inner);
}
