using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace MetaHarmony.Experiments;

/// <summary>
/// Finished runs on disk, one folder each under "runs/": run.json (the configuration, the
/// description and the evaluation with per-episode accuracies) and iterations.csv (the log).
/// A run folder appears only when complete: it is written under a hidden staging name and
/// renamed into place, so a killed run or a deleted results folder never leaves a folder that
/// reads as finished.
/// </summary>
public sealed class ResultStore
{
    const string RunFile = "run.json";
    const string LogFile = "iterations.csv";
    const int FormatVersion = 1;
    const string StagingPrefix = ".staging-";
    const string ReplacedPrefix = ".replaced-";

    /// <summary>
    /// Age after which a hidden staging or replaced folder is taken as left behind by a killed
    /// process and removed on the next save (a live save takes seconds, not an hour).
    /// </summary>
    public static readonly TimeSpan AbandonedAfter = TimeSpan.FromHours(1);

    /// <summary>A store rooted at <paramref name="folder"/> (created on first save).</summary>
    public ResultStore(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        Folder = Path.GetFullPath(folder);
    }

    /// <summary>The results folder.</summary>
    public string Folder { get; }

    /// <summary>The folder of finished runs.</summary>
    public string RunsFolder => Path.Combine(Folder, "runs");

    /// <summary>
    /// The id of a run of <paramref name="config"/>: readable, and the same for the same
    /// configuration ("full-5w1s-seed0-1a2b3c4d").
    /// </summary>
    public static string RunIdOf(ExperimentConfig config)
    {
        string hash = ConfigHashOf(config)[..8];
        string variant = new(config.Variant
            .Select(c => char.IsLetterOrDigit(c) || c == '-' ? c : '_').ToArray());
        return $"{variant}-{config.Ways}w{config.Shots}s-seed{config.Seed}-{hash}";
    }

    /// <summary>
    /// SHA-256 of the configuration's JSON, in hex: equal exactly when every setting is equal.
    /// </summary>
    public static string ConfigHashOf(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        string json = JsonSerializer.Serialize(config, JsonFormat.Options);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
    }

    /// <summary>The folder a run with this id has (or would have).</summary>
    public string RunFolder(string runId) => Path.Combine(RunsFolder, runId);

    /// <summary>Saves a run, replacing an earlier one of the same id.</summary>
    public void Save(RunRecord record, ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(record);
        ArgumentNullException.ThrowIfNull(config);
        RemoveAbandoned(AbandonedAfter);
        string staging = Path.Combine(RunsFolder,
            $"{StagingPrefix}{record.RunId}-{Guid.NewGuid():N}");
        Directory.CreateDirectory(staging);
        try
        {
            var stored = new StoredRunFile(FormatVersion, record with { Iterations = [] }, config);
            File.WriteAllText(Path.Combine(staging, RunFile),
                JsonSerializer.Serialize(stored, JsonFormat.Options));
            File.WriteAllText(Path.Combine(staging, LogFile),
                IterationLogCsv.Write(record.LayerNames, record.Iterations));
            Replace(staging, RunFolder(record.RunId));
        }
        finally
        {
            if (Directory.Exists(staging))
            {
                Directory.Delete(staging, recursive: true);
            }
        }
    }

    /// <summary>
    /// Deletes the hidden staging and replaced folders that a killed process left behind,
    /// those last written more than <paramref name="olderThan"/> ago (younger ones may belong
    /// to a save in progress elsewhere). Returns how many it removed.
    /// </summary>
    public int RemoveAbandoned(TimeSpan olderThan)
    {
        if (!Directory.Exists(RunsFolder))
        {
            return 0;
        }

        var cutoff = DateTime.UtcNow - olderThan;
        int removed = 0;
        foreach (string folder in Directory.EnumerateDirectories(RunsFolder))
        {
            string name = Path.GetFileName(folder);
            bool hidden = name.StartsWith(StagingPrefix, StringComparison.Ordinal)
                || name.StartsWith(ReplacedPrefix, StringComparison.Ordinal);
            if (hidden && Directory.GetLastWriteTimeUtc(folder) < cutoff)
            {
                try
                {
                    Directory.Delete(folder, recursive: true);
                    removed++;
                }
                catch (DirectoryNotFoundException)
                {
                    // Another process cleaned it up first.
                }
            }
        }
        return removed;
    }

    /// <summary>The finished run of exactly <paramref name="config"/>, or null.</summary>
    public StoredRun? TryLoad(ExperimentConfig config)
    {
        var run = TryLoad(RunIdOf(config));
        return run is not null && SameJson(run.Config, config) ? run : null;
    }

    /// <summary>
    /// The finished run with id <paramref name="runId"/>, or null if there is none.
    /// </summary>
    public StoredRun? TryLoad(string runId)
    {
        string folder = RunFolder(runId);
        return HoldsRun(folder) ? Load(folder) : null;
    }

    /// <summary>
    /// Every finished run, ordered by id. Hidden folders (a save in progress) and folders
    /// holding neither file are skipped; a finished run that is damaged (a record that does not
    /// read, or a missing log) throws an <see cref="InvalidDataException"/> naming its file.
    /// </summary>
    public IReadOnlyList<StoredRun> LoadAll()
    {
        if (!Directory.Exists(RunsFolder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(RunsFolder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Where(HoldsRun)
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    /// <summary>
    /// True when <paramref name="folder"/> holds either file of a run. A save moves both in at
    /// once, so a folder with only one of them is a damaged run, not one still being written.
    /// </summary>
    static bool HoldsRun(string folder) =>
        File.Exists(Path.Combine(folder, RunFile)) || File.Exists(Path.Combine(folder, LogFile));

    static bool SameJson(ExperimentConfig a, ExperimentConfig b) =>
        JsonSerializer.Serialize(a, JsonFormat.Options)
        == JsonSerializer.Serialize(b, JsonFormat.Options);

    static StoredRun Load(string folder)
    {
        var file = ReadRunFile(folder);
        string log = Path.Combine(folder, LogFile);
        if (!File.Exists(log))
        {
            throw Damaged(log, folder, "is missing, so the run's training log is lost");
        }

        IReadOnlyList<IterationRecord> iterations;
        try
        {
            iterations = IterationLogCsv.Read(file.Record.LayerNames, File.ReadAllText(log));
        }
        catch (Exception error) when (error is InvalidDataException or FormatException
            or OverflowException)
        {
            throw Damaged(log, folder, $"is not an iteration log ({error.Message})", error);
        }
        return new StoredRun(file.Record with { Iterations = iterations }, file.Config, folder);
    }

    static StoredRunFile ReadRunFile(string folder)
    {
        string path = Path.Combine(folder, RunFile);
        if (!File.Exists(path))
        {
            throw Damaged(path, folder, $"is missing beside its {LogFile}");
        }

        StoredRunFile? file;
        try
        {
            file = JsonSerializer.Deserialize<StoredRunFile>(File.ReadAllText(path),
                JsonFormat.Options);
        }
        catch (JsonException error)
        {
            throw Damaged(path, folder, $"is not a run record ({error.Message})", error);
        }

        // Another format may name its members differently: say so before looking for them.
        if (file is not null && file.FormatVersion is not (0 or FormatVersion))
        {
            throw WrongFormat(path, folder, file.FormatVersion);
        }

        // The serializer does not enforce non-null members: a file edited by hand, or written
        // as "null", can lack them, and would fail later with a NullReferenceException.
        if (file?.Record?.Description is null || file.Record.LayerNames is null)
        {
            throw Damaged(path, folder, "holds no run record");
        }
        if (file.Config is null)
        {
            throw Damaged(path, folder, "holds the run record but no configuration");
        }
        if (file.FormatVersion != FormatVersion)
        {
            throw WrongFormat(path, folder, file.FormatVersion);
        }
        return file;
    }

    static InvalidDataException WrongFormat(string path, string folder, int version) => new(
        $"{path} has format {version}; this kit reads {FormatVersion}. Read it with the kit "
        + $"that wrote it, or delete the folder {folder} to train the run again.");

    static InvalidDataException Damaged(string path, string folder, string problem,
        Exception? cause = null) => new(
            $"{path} {problem}; delete the folder {folder} to train the run again.", cause);

    static void Replace(string staging, string final)
    {
        if (Directory.Exists(final))
        {
            // Move the old run aside first: a rename is atomic, a recursive delete is not.
            string old = Path.Combine(Path.GetDirectoryName(final)!,
                $"{ReplacedPrefix}{Path.GetFileName(final)}-{Guid.NewGuid():N}");
            Directory.Move(final, old);
            Directory.Move(staging, final);
            Directory.Delete(old, recursive: true);
            return;
        }
        Directory.Move(staging, final);
    }

    sealed record StoredRunFile(int FormatVersion, RunRecord Record, ExperimentConfig Config);
}
