using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Metrics;
using MetaHarmony.Models;
using MetaHarmony.Runtime;

namespace MetaHarmony.Experiments;

/// <summary>
/// One run's working set, built from its configuration in one place: the training episodes,
/// the fixed test episodes and the trainer. <see cref="ExperimentRunner"/> trains and
/// evaluates through it; benchmarks and tools that drive the trainer themselves open one with
/// <see cref="ExperimentRunner.Open"/>.
/// </summary>
public sealed class ExperimentSession : IDisposable
{
    internal ExperimentSession(ExperimentConfig config, FewShotDataset dataset)
    {
        Config = config.Validate();
        Identity = CheckpointIdentity.Of(config);
        Description = ExperimentRunner.Describe(config);
        var shape = new BackboneShape(dataset.Channels, dataset.ImageSize, config.Ways);
        Training = EpisodeSampler.ForSplit(dataset, "train", config.EpisodeOptions, config.Seed);
        try
        {
            Test = EpisodeSampler.ForSplit(dataset, "test",
                config.EpisodeOptions with { Augmentation = EpisodeAugmentation.None },
                config.EvaluationSeed);
            Trainer = new MetaTrainer(config, shape,
                iteration => Training.SampleMetaBatch(iteration, config.MetaBatchSize));
        }
        catch
        {
            Training.Dispose();
            Test?.Dispose();
            throw;
        }
    }

    /// <summary>The run's configuration (validated).</summary>
    public ExperimentConfig Config { get; }

    /// <summary>The run's id and configuration hash.</summary>
    public CheckpointIdentity Identity { get; }

    /// <summary>How the results tables name the run.</summary>
    public RunDescription Description { get; }

    /// <summary>Meta-training episodes: a pure function of (seed, iteration, task).</summary>
    public EpisodeSampler Training { get; }

    /// <summary>The fixed meta-test episodes, shared by every configuration.</summary>
    public EpisodeSampler Test { get; }

    /// <summary>The outer loop over the training episodes.</summary>
    public MetaTrainer Trainer { get; }

    /// <summary>
    /// Evaluates the trainer's parameters on the test episodes and returns the run's record.
    /// </summary>
    /// <param name="trainingSeconds">Wall time of training, for the record.</param>
    /// <param name="progress">Receives evaluation progress; may be null.</param>
    /// <param name="cancellation">Stops between episodes.</param>
    public RunRecord Evaluate(double trainingSeconds, IProgress<TrainingProgress>? progress = null,
        CancellationToken cancellation = default)
    {
        var accuracies = Trainer.Evaluate(Test.SampleEvaluation, progress, Description.Label,
            cancellation);
        var interval = ConfidenceInterval.Of(accuracies);
        return new RunRecord(Identity.RunId, Description,
            Trainer.Layout.Layers.Select(l => l.Name).ToList(), Trainer.Log,
            new EvaluationRecord("test", Config.InnerStepsTest, Config.EvaluationSeed,
                accuracies, interval.Mean, interval.HalfWidth),
            trainingSeconds, TorchRuntime.EnsureInitialized().ToString());
    }

    /// <summary>Frees the trainer and the samplers (the dataset belongs to the runner).</summary>
    public void Dispose()
    {
        Trainer.Dispose();
        Training.Dispose();
        Test.Dispose();
    }
}
