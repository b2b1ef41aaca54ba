using MetaHarmony.Aggregation;
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
    /// <summary>Disposes the gradients and the per-task statistics.</summary>
    public void Dispose()
    {
        Gradients.Dispose();
        QueryLosses.Dispose();
        QueryAccuracies.Dispose();
    }
}
