using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using MetaHarmony.Experiments;

namespace MetaHarmony.Cli;

/// <summary>
/// A sweep file: an <see cref="ExperimentPlan"/> in JSON (the preset, the grid of variants x
/// shots x seeds and the common knobs). Its runs are numbered in a fixed order, so that index I
/// names the same run on every machine of a cluster.
/// </summary>
public sealed class SweepFile
{
    /// <summary>The variable a Slurm job array sets to the task's index.</summary>
    public const string ArrayIndexVariable = "SLURM_ARRAY_TASK_ID";

    static readonly JsonSerializerOptions Reading = new(JsonFormat.Options)
    {
        PropertyNameCaseInsensitive = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    SweepFile(string path, ExperimentPlan plan, IReadOnlyList<ExperimentConfig> configs)
    {
        Path = path;
        Plan = plan;
        Configs = configs;
    }

    /// <summary>The file, as a full path.</summary>
    public string Path { get; }

    /// <summary>The plan the file holds.</summary>
    public ExperimentPlan Plan { get; }

    /// <summary>Every run of the sweep, in index order.</summary>
    public IReadOnlyList<ExperimentConfig> Configs { get; }

    /// <summary>Reads and expands a sweep file; a problem is a usage error naming it.</summary>
    public static SweepFile Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        string full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new CliUsageException($"Sweep file {full} does not exist.");
        }

        try
        {
            var plan = JsonSerializer.Deserialize<ExperimentPlan>(File.ReadAllText(full), Reading)
                ?? throw new CliUsageException($"Sweep file {full} is empty (null).");
            return new SweepFile(full, plan, plan.Configs());
        }
        catch (JsonException e)
        {
            throw new CliUsageException(
                $"Sweep file {full} is not an experiment plan: {e.Message} It holds the "
                + "properties of ExperimentPlan, e.g. {\"Preset\": \"smoke\", \"Variants\": "
                + "[\"maml\", \"full\"], \"Shots\": [1], \"Seeds\": [0, 1]}.", e);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"Sweep file {full}: {CliUsageException.Plain(e)}", e);
        }
    }

    /// <summary>
    /// The index to run: <paramref name="index"/> when given, else the Slurm array variable
    /// (read through <paramref name="environment"/>); checked against the number of runs.
    /// </summary>
    public int ResolveIndex(int? index, Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        string source = "--index";
        if (index is null)
        {
            string? fromArray = environment(ArrayIndexVariable);
            if (string.IsNullOrWhiteSpace(fromArray))
            {
                throw new CliUsageException(
                    $"run --sweep needs the run's index: give --index I (0 to {Configs.Count - 1}),"
                    + $" or run it as a Slurm array task, which sets {ArrayIndexVariable}.");
            }
            if (!int.TryParse(fromArray, NumberStyles.None, CultureInfo.InvariantCulture,
                out int parsed))
            {
                throw new CliUsageException(
                    $"{ArrayIndexVariable}={fromArray} is not a run index (0, 1, 2, ...).");
            }
            (index, source) = (parsed, ArrayIndexVariable);
        }

        if (index < 0 || index >= Configs.Count)
        {
            throw new CliUsageException(
                $"{source} {index}: the sweep {Path} has {Configs.Count} runs, numbered 0 to "
                + $"{Configs.Count - 1} (see `metaharmony sweep {Path}`).");
        }
        return index.Value;
    }
}
