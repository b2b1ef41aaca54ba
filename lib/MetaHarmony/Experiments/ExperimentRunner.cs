using MetaHarmony.Datasets;
using MetaHarmony.Meta;

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

    /// <summary>
    /// Checkpoints to write during training and whether to resume from one; null for none.
    /// </summary>
    public CheckpointOptions? Checkpoints { get; init; }

    /// <summary>Called with every meta-iteration's record (e.g. for TensorBoard).</summary>
    public Action<IterationRecord>? AfterIteration { get; init; }

    /// <summary>
    /// Receives one line for every checkpoint written or restored, and one for a dataset that
    /// loaded with unreadable images left out (<see cref="FewShotDataset.SkippedImagesNotice"/>).
    /// </summary>
    public IProgress<string>? Notices { get; init; }

    /// <summary>Runs every configuration in order; see <see cref="Run"/>.</summary>
    public IReadOnlyList<RunRecord> RunAll(IEnumerable<ExperimentConfig> configs,
        CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(configs);
        return configs.Select(c => Run(c, cancellation)).ToList();
    }

    /// <summary>
    /// Trains and evaluates <paramref name="config"/>, or returns its stored run. With
    /// <see cref="Checkpoints"/>, training writes checkpoints and, when cancelled, stops with
    /// one written (the cancellation then propagates).
    /// </summary>
    public RunRecord Run(ExperimentConfig config, CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        if (!Retrain && Store?.TryLoad(config) is { } stored)
        {
            return stored.Record;
        }

        // Refused before the dataset loads: a forgotten --resume should cost no time.
        string? checkpoint = CheckpointPath(ResultStore.RunIdOf(config));
        RefuseToOverwrite(checkpoint);
        using var session = Open(config);
        var training = Training(session, checkpoint);
        training.Train(Progress, session.Description.Label, cancellation, AfterIteration);
        var record = session.Evaluate(training.TrainingSeconds, Progress, cancellation);
        Store?.Save(record, config);
        return record;
    }

    /// <summary>
    /// The samplers and trainer of <paramref name="config"/> over its dataset (loaded once per
    /// runner), ready to train.
    /// </summary>
    public ExperimentSession Open(ExperimentConfig config)
    {
        ArgumentNullException.ThrowIfNull(config);
        return new ExperimentSession(config.Validate(), Dataset(config.Dataset));
    }

    /// <summary>
    /// Where the checkpoint of run <paramref name="runId"/> goes, or null without checkpoints.
    /// </summary>
    public string? CheckpointPath(string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        if (Checkpoints is null)
        {
            return null;
        }

        string folder = Checkpoints.Folder
            ?? (Store is null ? throw new InvalidOperationException(
                    "Checkpoints need a folder: give CheckpointOptions.Folder or a result store.")
                : CheckpointFile.FolderOf(Store));
        return CheckpointFile.PathIn(folder, runId);
    }

    /// <summary>Training of the session with this runner's checkpoint policy.</summary>
    CheckpointedTraining Training(ExperimentSession session, string? checkpoint)
    {
        var training = new CheckpointedTraining(session.Trainer, session.Identity, checkpoint,
            Checkpoints?.Validate().Every ?? 0)
        {
            Notices = Notices,
        };
        if (Checkpoints is { Resume: true } && training.Resume() is null)
        {
            Notices?.Report($"no checkpoint of {session.Identity.RunId} at {checkpoint}; "
                + "starting at iteration 0");
        }
        return training;
    }

    /// <summary>
    /// A checkpoint that neither <see cref="CheckpointOptions.Resume"/> nor
    /// <see cref="Retrain"/> accounts for would be overwritten: say so instead.
    /// </summary>
    void RefuseToOverwrite(string? checkpoint)
    {
        if (checkpoint is null || Checkpoints!.Resume || Retrain || !File.Exists(checkpoint))
        {
            return;
        }

        var existing = CheckpointFile.Load(checkpoint);
        throw new InvalidOperationException(
            $"Run {existing.Identity.RunId} has a checkpoint at iteration {existing.Iteration} "
            + $"({checkpoint}). Resume it, or retrain to start over (on the command line: "
            + "--resume or --restart).");
    }

    /// <summary>The dataset of <paramref name="options"/>, loaded once per runner.</summary>
    public FewShotDataset Dataset(DatasetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!datasets.TryGetValue(options, out var dataset))
        {
            dataset = FewShotDatasets.Load(options, DatasetProgress);
            datasets[options] = dataset;
            if (dataset.SkippedImagesNotice is { } skipped)
            {
                Notices?.Report(skipped);
            }
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
