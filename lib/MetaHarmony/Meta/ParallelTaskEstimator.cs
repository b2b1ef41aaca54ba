using MetaHarmony.Aggregation;
using MetaHarmony.Episodes;
using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// The tasks of a meta-batch side by side on worker threads with one intra-op thread each
/// (see <see cref="TaskWorkers"/>). Each task's computation is exactly the loop's; results are
/// placed by task index, so the outcome does not depend on which worker finishes first.
/// </summary>
/// <param name="settings">The network, layout and inner loop.</param>
/// <param name="pool">The worker threads; <see cref="TaskWorkers.Shared"/> unless testing.</param>
public sealed class ParallelTaskEstimator(MetaGradientSettings settings, TaskWorkers pool)
    : IMetaGradientEstimator
{
    /// <inheritdoc />
    public string Name => $"parallel-{pool.Count}";

    /// <inheritdoc />
    public TaskOutcomes Estimate(IReadOnlyList<Tensor> parameters, IReadOnlyList<Episode> batch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(batch);
        if (batch.Count == 0)
        {
            throw new ArgumentException("A meta-batch needs at least one episode.", nameof(batch));
        }

        var results = new (IReadOnlyList<Tensor> Gradients, Tensor Loss, Tensor Accuracy)[
            batch.Count];
        try
        {
            pool.Run(batch.Count, task =>
            {
                // Dispose scopes belong to a thread: results leave the worker's scope detached
                // and are adopted by the caller's below.
                using var scope = torch.NewDisposeScope();
                var (gradients, loss, accuracy) =
                    TaskMetaGradient.Compute(settings, parameters, batch[task]);
                foreach (var gradient in gradients)
                {
                    gradient.DetachFromDisposeScope();
                }
                results[task] = (gradients, loss.DetachFromDisposeScope(),
                    accuracy.DetachFromDisposeScope());
            });
            return TaskOutcomes.Collect(settings.Layout, results);
        }
        finally
        {
            foreach (var (gradients, loss, accuracy) in results.Where(r => r.Gradients is not null))
            {
                foreach (var gradient in gradients)
                {
                    gradient.Dispose();
                }
                loss.Dispose();
                accuracy.Dispose();
            }
        }
    }
}
