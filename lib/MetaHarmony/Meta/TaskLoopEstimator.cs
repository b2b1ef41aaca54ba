using MetaHarmony.Aggregation;
using MetaHarmony.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// The plain per-task loop: adapt to task i, take the query loss, differentiate it with
/// respect to theta, free the task's graph, go on to task i + 1. Peak memory is one task's
/// graph; on CPU with a few tasks it is also the fastest form.
/// </summary>
public sealed class TaskLoopEstimator(MetaGradientSettings settings) : IMetaGradientEstimator
{
    /// <inheritdoc />
    public string Name => "loop";

    /// <inheritdoc />
    public TaskOutcomes Estimate(IReadOnlyList<Tensor> parameters, IReadOnlyList<Episode> batch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("A meta-batch needs at least one episode.", nameof(batch));
        }

        using var scope = torch.NewDisposeScope();
        var perTask = new List<IReadOnlyList<Tensor>>(batch.Count);
        var losses = new List<Tensor>(batch.Count);
        var accuracies = new List<Tensor>(batch.Count);
        foreach (var episode in batch)
        {
            var (gradients, loss, accuracy) =
                TaskMetaGradient.Compute(settings, parameters, episode);
            perTask.Add(gradients);
            losses.Add(loss);
            accuracies.Add(accuracy);
        }

        var outcomes = new TaskOutcomes(TaskGradients.FromTasks(settings.Layout, perTask),
            stack(losses), stack(accuracies));
        outcomes.Gradients.Layers.ToList().ForEach(l => l.MoveToOuterDisposeScope());
        outcomes.QueryLosses.MoveToOuterDisposeScope();
        outcomes.QueryAccuracies.MoveToOuterDisposeScope();
        return outcomes;
    }
}
