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
        return File.Exists(Path.Combine(folder, RunFile)) ? Load(folder) : null;
    }

    /// <summary>Every finished run, ordered by id.</summary>
    public IReadOnlyList<StoredRun> LoadAll()
    {
        if (!Directory.Exists(RunsFolder))
        {
            return [];
        }

        return Directory.EnumerateDirectories(RunsFolder)
            .Where(d => !Path.GetFileName(d).StartsWith('.'))
            .Where(d => File.Exists(Path.Combine(d, RunFile)))
            .Order(StringComparer.Ordinal)
            .Select(Load)
            .ToList();
    }

    static bool SameJson(ExperimentConfig a, ExperimentConfig b) =>
        JsonSerializer.Serialize(a, JsonFormat.Options)
        == JsonSerializer.Serialize(b, JsonFormat.Options);

    static StoredRun Load(string folder)
    {
        string path = Path.Combine(folder, RunFile);
        StoredRunFile file;
        try
        {
            file = JsonSerializer.Deserialize<StoredRunFile>(File.ReadAllText(path),
                JsonFormat.Options) ?? throw new InvalidDataException("empty");
        }
        catch (JsonException error)
        {
            throw new InvalidDataException(
                $"{path} is not a run record ({error.Message}); delete the folder to rerun.",
                error);
        }

        if (file.FormatVersion != FormatVersion)
        {
            throw new InvalidDataException(
                $"{path} has format {file.FormatVersion}; this kit reads {FormatVersion}.");
        }

        string log = Path.Combine(folder, LogFile);
        var iterations = File.Exists(log)
            ? IterationLogCsv.Read(file.Record.LayerNames, File.ReadAllText(log))
            : [];
        return new StoredRun(file.Record with { Iterations = iterations }, file.Config, folder);
    }

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
