using MetaHarmony.Aggregation;
using MetaHarmony.Models;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// What one meta-batch produced before aggregation: every task's meta-gradient, and each task's
/// query loss and accuracy after adaptation, kept on the device as [T] tensors so that reading
/// them costs one transfer per iteration.
/// </summary>
/// <param name="Gradients">g_i^l for every task i and layer l.</param>
/// <param name="QueryLosses">[T] query cross-entropy after adaptation.</param>
/// <param name="QueryAccuracies">[T] query accuracy after adaptation, in [0, 1].</param>
public sealed record TaskOutcomes(TaskGradients Gradients, Tensor QueryLosses,
    Tensor QueryAccuracies) : IDisposable
{
    /// <summary>
    /// Stacks per-task results (gradients in parameter order, scalar loss and accuracy) into
    /// outcomes that live in the caller's dispose scope.
    /// </summary>
    public static TaskOutcomes Collect(ModelLayout layout,
        IReadOnlyList<(IReadOnlyList<Tensor> Gradients, Tensor Loss, Tensor Accuracy)> tasks)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(tasks);
        return new TaskOutcomes(TaskGradients.FromTasks(layout, tasks.Select(t => t.Gradients)
            .ToList()), stack(tasks.Select(t => t.Loss)), stack(tasks.Select(t => t.Accuracy)));
    }

    /// <summary>Moves every tensor to the dispose scope around the current one.</summary>
    public void MoveToOuterDisposeScope()
    {
        foreach (var layer in Gradients.Layers)
        {
            layer.MoveToOuterDisposeScope();
        }
        QueryLosses.MoveToOuterDisposeScope();
        QueryAccuracies.MoveToOuterDisposeScope();
    }

    /// <summary>Disposes the gradients and the per-task statistics.</summary>
    public void Dispose()
    {
        Gradients.Dispose();
        QueryLosses.Dispose();
        QueryAccuracies.Dispose();
    }
}
