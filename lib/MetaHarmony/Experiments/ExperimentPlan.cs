using System.Text.Json.Serialization;
using MetaHarmony.Aggregation;
using MetaHarmony.Datasets;
using MetaHarmony.Schedules;

namespace MetaHarmony.Experiments;

/// <summary>
/// A whole experiment in one readable value: a preset, the grid of variants x shots x seeds,
/// and the knobs researchers change most. It is what a notebook's parameters cell holds and
/// what a sweep file contains. Knobs left null take the preset's value.
/// </summary>
public sealed record ExperimentPlan : IOverrideDefaults
{
    /// <summary>
    /// The preset each configuration starts from (see <see cref="Presets.Names"/>).
    /// </summary>
    public string Preset { get; init; } = Presets.Quick;

    /// <summary>The configurations to compare (see <see cref="Experiments.Variants"/>).</summary>
    public IReadOnlyList<string> Variants { get; init; } =
        [Experiments.Variants.Maml, Experiments.Variants.Full];

    /// <summary>K values; each gets the preset's settings for that K.</summary>
    public IReadOnlyList<int> Shots { get; init; } = [1, 5];

    /// <summary>Training seeds; every configuration runs once per seed.</summary>
    public IReadOnlyList<long> Seeds { get; init; } = [0];

    /// <summary>N: classes per episode.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>The dataset and where it is; null for the preset's.</summary>
    public DatasetOptions? Dataset { get; init; }

    /// <summary>
    /// Meta-iterations; null for the preset's. The schedule's epochs scale with it, so the
    /// transition keeps its place relative to the end of training.
    /// </summary>
    public int? Iterations { get; init; }

    /// <summary>Meta-test episodes; null for the preset's.</summary>
    public int? EvaluationEpisodes { get; init; }

    /// <summary>
    /// Settings of the harmonizing aggregators (score, temperature, heads, levels); the kind
    /// is set by each variant.
    /// </summary>
    public AggregatorOptions Aggregator { get; init; } = new();

    /// <summary>
    /// The explore-exploit schedule's shape, sampling and transition epoch; null for the
    /// preset's. Its iterations per epoch are always derived from the number of iterations.
    /// </summary>
    public ExploreExploitOptions? Schedule { get; init; }

    /// <summary>
    /// Train every configuration again even when the results store already holds a finished
    /// run of it (false: such runs are read back, not retrained). It does not change what a
    /// configuration is, so it is not part of any run's identity.
    /// </summary>
    public bool Retrain { get; init; }

    /// <summary>
    /// Any other change to every configuration, applied last (not settable from a sweep file
    /// or an override).
    /// </summary>
    [JsonIgnore]
    public Func<ExperimentConfig, ExperimentConfig>? Customize { get; init; }

    /// <summary>
    /// The same grid on another preset: the sizes (iterations, episodes, dataset) go back to
    /// that preset's, the grid and the method's settings stay.
    /// </summary>
    public ExperimentPlan WithPreset(string preset)
    {
        Presets.Get(preset, 1);
        return this with
        {
            Preset = preset, Dataset = null, Iterations = null, EvaluationEpisodes = null,
        };
    }

    /// <summary>
    /// The preset's dataset or schedule for a null <see cref="Dataset"/> or
    /// <see cref="Schedule"/>, so that "Dataset.Root=..." edits the preset's dataset.
    /// </summary>
    public object? DefaultFor(string property)
    {
        var preset = Presets.Get(Preset, Shots.Count > 0 ? Shots[0] : 1);
        return property switch
        {
            nameof(Dataset) => preset.Dataset,
            nameof(Schedule) => preset.Schedule,
            _ => null,
        };
    }

    /// <summary>
    /// Every configuration of the plan, numbered by position (variant, shots, seed).
    /// </summary>
    public IReadOnlyList<ExperimentConfig> Configs() =>
        ExperimentGrid.Expand(ConfigFor, Variants, Shots, Seeds);

    /// <summary>
    /// The base configuration for K = <paramref name="shots"/>, before the variant.
    /// </summary>
    public ExperimentConfig ConfigFor(int shots)
    {
        var config = Presets.Get(Preset, shots);
        int iterations = Iterations ?? config.Iterations;
        var schedule = (Schedule ?? config.Schedule) with
        {
            IterationsPerEpoch = Presets.IterationsPerEpoch(iterations),
        };
        config = config with
        {
            Ways = Ways,
            Dataset = Dataset ?? config.Dataset,
            Iterations = iterations,
            EvaluationEpisodes = EvaluationEpisodes ?? config.EvaluationEpisodes,
            Aggregator = Aggregator,
            Schedule = schedule,
        };
        return (Customize ?? (c => c))(config).Validate();
    }
}
