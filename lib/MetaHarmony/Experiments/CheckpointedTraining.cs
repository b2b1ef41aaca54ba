using System.Diagnostics;
using MetaHarmony.Meta;

namespace MetaHarmony.Experiments;

/// <summary>
/// Trains a <see cref="MetaTrainer"/> to the end with checkpoints: every N iterations, when
/// cancelled (the command line cancels on SIGINT and SIGTERM) and when training ends. A loss
/// that is not finite stops training without writing one, so the last good checkpoint stays.
/// Without a path it trains the same way and writes nothing.
/// </summary>
public sealed class CheckpointedTraining
{
    readonly MetaTrainer trainer;
    readonly int every;
    double secondsBefore;
    long savedAt = -1;

    /// <summary>Training of <paramref name="trainer"/>, checkpointed to a file.</summary>
    /// <param name="trainer">A trainer of the run's configuration.</param>
    /// <param name="identity">The run's id and configuration hash.</param>
    /// <param name="path">The checkpoint file, or null for none.</param>
    /// <param name="every">Iterations between checkpoints; 0 for a stop and the end only.</param>
    public CheckpointedTraining(MetaTrainer trainer, CheckpointIdentity identity, string? path,
        int every)
    {
        this.trainer = trainer ?? throw new ArgumentNullException(nameof(trainer));
        Identity = identity ?? throw new ArgumentNullException(nameof(identity));
        if (every < 0)
        {
            throw new ArgumentException($"every = {every}: use 0 or a positive count.",
                nameof(every));
        }
        this.every = every;
        Path = path is null ? null : System.IO.Path.GetFullPath(path);
    }

    /// <summary>The run's id and configuration hash, written into every checkpoint.</summary>
    public CheckpointIdentity Identity { get; }

    /// <summary>The checkpoint file, or null when this training writes none.</summary>
    public string? Path { get; }

    /// <summary>Receives one line per checkpoint written or restored.</summary>
    public IProgress<string>? Notices { get; init; }

    /// <summary>Wall time of training so far, including sessions before a resume.</summary>
    public double TrainingSeconds { get; private set; }

    /// <summary>The checkpoint at <see cref="Path"/>, if any (verified, not restored).</summary>
    public Checkpoint? Existing() =>
        Path is not null && File.Exists(Path) ? CheckpointFile.Load(Path) : null;

    /// <summary>
    /// Restores the checkpoint at <see cref="Path"/> into the trainer, which must not have
    /// trained yet; returns it, or null when there is none (training then starts at 0). A
    /// checkpoint of another run or configuration is refused.
    /// </summary>
    public Checkpoint? Resume()
    {
        if (trainer.Iteration != 0)
        {
            throw new InvalidOperationException(
                $"The trainer is at iteration {trainer.Iteration}; resume into a fresh one.");
        }

        var checkpoint = Existing();
        if (checkpoint is null)
        {
            return null;
        }
        if (checkpoint.Identity != Identity)
        {
            throw new InvalidDataException(
                $"Checkpoint {Path} belongs to run {checkpoint.Identity.RunId} (configuration "
                + $"{checkpoint.Identity.ConfigHash[..12]}...), not to {Identity.RunId} "
                + $"({Identity.ConfigHash[..12]}...): its settings differ. Resume with the "
                + "settings it was written with, or delete it to start over.");
        }

        checkpoint.Restore(trainer);
        secondsBefore = checkpoint.TrainingSeconds;
        savedAt = checkpoint.Iteration;
        TrainingSeconds = secondsBefore;
        Notices?.Report(
            $"resumed {Identity.RunId} at iteration {checkpoint.Iteration} from {Path}");
        return checkpoint;
    }

    /// <summary>
    /// Trains to the configured number of iterations. On cancellation a checkpoint of the last
    /// finished iteration is written before <see cref="OperationCanceledException"/> propagates.
    /// </summary>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="label">Names the run in progress reports.</param>
    /// <param name="cancellation">Stops between iterations, with a checkpoint.</param>
    /// <param name="afterStep">Called with every iteration's record; may be null.</param>
    public void Train(IProgress<TrainingProgress>? progress = null, string label = "",
        CancellationToken cancellation = default, Action<IterationRecord>? afterStep = null)
    {
        var clock = Stopwatch.StartNew();
        try
        {
            trainer.Train(progress, label, cancellation, record =>
            {
                afterStep?.Invoke(record);
                TrainingSeconds = secondsBefore + clock.Elapsed.TotalSeconds;
                if (every > 0 && trainer.Iteration % every == 0)
                {
                    SavePeriodic();
                }
            });
        }
        catch (OperationCanceledException)
        {
            TrainingSeconds = secondsBefore + clock.Elapsed.TotalSeconds;
            Save();
            throw;
        }

        TrainingSeconds = secondsBefore + clock.Elapsed.TotalSeconds;
        Save();
    }

    /// <summary>
    /// A periodic checkpoint whose write fails (a full disk, a network file system gone away)
    /// does not end hours of training: the last good checkpoint stays, and the next interval
    /// tries again. The checkpoints at a stop and at the end still fail loudly.
    /// </summary>
    void SavePeriodic()
    {
        try
        {
            Save();
        }
        catch (Exception error) when (error is IOException or UnauthorizedAccessException)
        {
            string kept = savedAt > 0 ? $"the checkpoint of iteration {savedAt} is kept"
                : "no earlier checkpoint exists";
            Notices?.Report($"checkpoint at iteration {trainer.Iteration} could not be written "
                + $"to {Path} ({error.Message}); {kept}, and training goes on");
        }
    }

    void Save()
    {
        if (Path is null || trainer.Iteration == savedAt)
        {
            return;
        }

        var clock = Stopwatch.StartNew();
        CheckpointFile.Save(Path, Checkpoint.Capture(trainer, Identity, TrainingSeconds));
        savedAt = trainer.Iteration;
        Notices?.Report($"checkpoint at iteration {trainer.Iteration} written to {Path} "
            + $"({clock.Elapsed.TotalSeconds:F2} s)");
    }
}
