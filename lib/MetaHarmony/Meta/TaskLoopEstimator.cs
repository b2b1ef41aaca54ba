using MetaHarmony.Episodes;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// The plain per-task loop: adapt to task i, take the query loss, differentiate it with
/// respect to theta, free the task's graph, go on to task i + 1. Peak memory is one task's
/// graph; every operation may use all intra-op threads.
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
        var tasks = batch.Select(e => TaskMetaGradient.Compute(settings, parameters, e)).ToList();
        var outcomes = TaskOutcomes.Collect(settings.Layout, tasks);
        outcomes.MoveToOuterDisposeScope();
        return outcomes;
    }
}
