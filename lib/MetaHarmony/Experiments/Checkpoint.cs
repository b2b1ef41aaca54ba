using MetaHarmony.Meta;
using MetaHarmony.Schedules;
using TorchSharp;
using TorchSharp.Modules;

namespace MetaHarmony.Experiments;

/// <summary>
/// Everything a run needs to continue exactly where it stopped: the meta-parameters, Adam's
/// moments and step counts, the explore-exploit schedule's state, the iteration and the log so
/// far. No random generator's state is kept because there is none to keep: episodes, PCGrad's
/// order and the schedule's random draws are pure functions of (seed, iteration), so the
/// iteration is the generators' state. The run id and the configuration's hash let a resume
/// refuse a checkpoint of another configuration.
/// </summary>
public sealed class Checkpoint
{
    readonly byte[] parameters;
    readonly byte[] optimizer;

    internal Checkpoint(CheckpointIdentity identity, ExploreExploitState schedule,
        double trainingSeconds, IReadOnlyList<string> layerNames,
        IReadOnlyList<IterationRecord> log, byte[] parameters, byte[] optimizer)
    {
        if (schedule.Iteration != log.Count)
        {
            throw new InvalidDataException(
                $"A checkpoint's schedule is at iteration {schedule.Iteration} but its log has "
                + $"{log.Count} rows.");
        }

        Identity = identity;
        Schedule = schedule;
        TrainingSeconds = trainingSeconds;
        LayerNames = layerNames;
        Log = log;
        this.parameters = parameters;
        this.optimizer = optimizer;
    }

    /// <summary>The run the checkpoint belongs to.</summary>
    public CheckpointIdentity Identity { get; }

    /// <summary>The next meta-iteration to run after restoring.</summary>
    public long Iteration => Schedule.Iteration;

    /// <summary>The explore-exploit schedule's state at <see cref="Iteration"/>.</summary>
    public ExploreExploitState Schedule { get; }

    /// <summary>Wall time of training up to <see cref="Iteration"/>, all sessions.</summary>
    public double TrainingSeconds { get; }

    /// <summary>The layers that the log's per-layer columns refer to.</summary>
    public IReadOnlyList<string> LayerNames { get; }

    /// <summary>One record per meta-iteration before <see cref="Iteration"/>.</summary>
    public IReadOnlyList<IterationRecord> Log { get; }

    /// <summary>The parameters, each as TorchSharp writes a tensor (dtype, shape, bytes).</summary>
    internal ReadOnlySpan<byte> ParameterBytes => parameters;

    /// <summary>Adam's state as TorchSharp's optimizer writes it.</summary>
    internal ReadOnlySpan<byte> OptimizerBytes => optimizer;

    /// <summary>The state of <paramref name="trainer"/> now, between two iterations.</summary>
    public static Checkpoint Capture(MetaTrainer trainer, CheckpointIdentity identity,
        double trainingSeconds)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(identity);
        using var parameterStream = new MemoryStream();
        using (var writer = new BinaryWriter(parameterStream, System.Text.Encoding.UTF8, true))
        {
            writer.Write(trainer.Parameters.Count);
            foreach (var parameter in trainer.Parameters)
            {
                parameter.Save(writer);
            }
        }

        using var optimizerStream = new MemoryStream();
        using (var writer = new BinaryWriter(optimizerStream, System.Text.Encoding.UTF8, true))
        {
            Adam(trainer).save_state_dict(writer);
        }

        return new Checkpoint(identity, trainer.Schedule.State, trainingSeconds,
            trainer.Layout.Layers.Select(l => l.Name).ToList(), trainer.Log.ToList(),
            parameterStream.ToArray(), optimizerStream.ToArray());
    }

    /// <summary>
    /// Puts this state into <paramref name="trainer"/>, a fresh trainer of the same
    /// configuration: its next <see cref="MetaTrainer.Step"/> is iteration
    /// <see cref="Iteration"/>, computed exactly as in the run that wrote the checkpoint.
    /// </summary>
    public void Restore(MetaTrainer trainer)
    {
        ArgumentNullException.ThrowIfNull(trainer);
        var layers = trainer.Layout.Layers.Select(l => l.Name).ToList();
        if (!layers.SequenceEqual(LayerNames))
        {
            throw new InvalidDataException(
                $"The checkpoint of run {Identity.RunId} has layers "
                + $"[{string.Join(", ", LayerNames)}]; this model has "
                + $"[{string.Join(", ", layers)}].");
        }

        using (var reader = new BinaryReader(new MemoryStream(parameters)))
        {
            int count = reader.ReadInt32();
            if (count != trainer.Parameters.Count)
            {
                throw new InvalidDataException(
                    $"The checkpoint of run {Identity.RunId} holds {count} parameter tensors; "
                    + $"this model has {trainer.Parameters.Count}.");
            }
            foreach (var parameter in trainer.Parameters)
            {
                parameter.Load(reader);
            }
        }

        using (var reader = new BinaryReader(new MemoryStream(optimizer)))
        {
            Adam(trainer).load_state_dict(reader);
        }
        trainer.ResumeAt(Log, Schedule);
    }

    static OptimizerHelper Adam(MetaTrainer trainer) =>
        trainer.Optimizer as OptimizerHelper ?? throw new InvalidOperationException(
            $"The outer optimizer ({trainer.Optimizer.GetType().Name}) cannot save its state.");
}
