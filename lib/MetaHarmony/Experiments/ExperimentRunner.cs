using System.Diagnostics;
using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Metrics;
using MetaHarmony.Models;
using MetaHarmony.Runtime;

namespace MetaHarmony.Experiments;

/// <summary>
/// Runs experiments end to end: loads the dataset (once per process for each dataset
/// setting), trains, evaluates on the fixed test episodes and saves the run record. A run whose
/// configuration is already in the store is read back instead of trained again, unless
/// <see cref="Retrain"/> says otherwise.
/// </summary>
public sealed class ExperimentRunner : IDisposable
{
    readonly Dictionary<DatasetOptions, FewShotDataset> datasets = [];

    /// <summary>
    /// A runner that saves to (and reuses from) <paramref name="store"/>, if any.
    /// </summary>
    public ExperimentRunner(ResultStore? store = null) => Store = store;

    /// <summary>Where runs are saved and looked up; null keeps them in memory only.</summary>
    public ResultStore? Store { get; }

    /// <summary>Receives training and evaluation progress.</summary>
    public IProgress<TrainingProgress>? Progress { get; init; }

    /// <summary>Receives dataset rendering, decoding and loading progress.</summary>
    public IProgress<DatasetProgress>? DatasetProgress { get; init; }

    /// <summary>Train even when the store already has a run of the same configuration.</summary>
    public bool Retrain { get; init; }

    /// <summary>Runs every configuration in order; see <see cref="Run"/>.</summary>
    public IReadOnlyList<RunRecord> RunAll(IEnumerable<ExperimentConfig> configs,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return configs.Select(c => Run(c, cancellation)).ToList();
    }

    /// <summary>
    /// Trains and evaluates <paramref name="config"/>, or returns its stored run.
    /// </summary>
    public RunRecord Run(ExperimentConfig config, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (!Retrain && Store?.TryLoad(config) is { } stored)
        {
            return stored.Record;
        }

        var dataset = Dataset(config.Dataset);
        var shape = new BackboneShape(dataset.Channels, dataset.ImageSize, config.Ways);
        using var training = EpisodeSampler.ForSplit(dataset, "train", config.EpisodeOptions,
            config.Seed);
        using var test = EpisodeSampler.ForSplit(dataset, "test",
            config.EpisodeOptions with { Augmentation = EpisodeAugmentation.None },
            config.EvaluationSeed);
        using var trainer = new MetaTrainer(config, shape,
            iteration => training.SampleMetaBatch(iteration, config.MetaBatchSize));

        var description = Describe(config);
        var clock = Stopwatch.StartNew();
        trainer.Train(Progress, description.Label, cancellation);
        double seconds = clock.Elapsed.TotalSeconds;
        var accuracies = trainer.Evaluate(test.SampleEvaluation, Progress, description.Label,
            cancellation);

        var interval = ConfidenceInterval.Of(accuracies);
        var record = new RunRecord(ResultStore.RunIdOf(config), description,
            trainer.Layout.Layers.Select(l => l.Name).ToList(), trainer.Log,
            new EvaluationRecord("test", config.InnerStepsTest, config.EvaluationSeed,
                accuracies, interval.Mean, interval.HalfWidth),
            seconds, TorchRuntime.EnsureInitialized().ToString());
        Store?.Save(record, config);
        return record;
    }

    /// <summary>The dataset of <paramref name="options"/>, loaded once per runner.</summary>
    public FewShotDataset Dataset(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!datasets.TryGetValue(options, out var dataset))
        {
            dataset = FewShotDatasets.Load(options, DatasetProgress);
            datasets[options] = dataset;
        }
        return dataset;
    }

    /// <summary>How a results table names a run of <paramref name="config"/>.</summary>
    public static RunDescription Describe(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        var schedule = config.Schedule;
        string scheduleText = !config.Harmonizes ? "none (mean)"
            : schedule.Shape == Schedules.ExploitShape.None ? "always harmonize"
            : $"{schedule.Shape.ToString().ToLowerInvariant()} to epoch {schedule.TransitionEpoch}"
              + $" ({schedule.Sampling.ToString().ToLowerInvariant()})";
        return new RunDescription(config.Variant, config.Dataset.NormalizedName,
            config.Backbone.Kind.ToString(), config.Ways, config.Shots, config.Seed,
            config.Aggregator.Create().Name, scheduleText);
    }

    /// <summary>Frees the loaded datasets.</summary>
    public void Dispose()
    {
        foreach (var dataset in datasets.Values)
        {
            dataset.Dispose();
        }
        datasets.Clear();
    }
}
