using MetaHarmony.Episodes;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// Computes every task's meta-gradient g_i = d L(f_{theta_i^k}, Q_i) / d theta for a
/// meta-batch, keeping them apart. Implementations differ only in speed.
/// </summary>
public interface IMetaGradientEstimator
{
    /// <summary>A short name for logs and benchmarks, e.g. "loop".</summary>
    string Name { get; }

    /// <summary>
    /// Per-task meta-gradients (grouped as the estimator's layout says) and stats.
    /// </summary>
    /// <param name="parameters">The meta-parameters theta (leaves that require grad).</param>
    /// <param name="batch">The T episodes of the meta-batch.</param>
    TaskOutcomes Estimate(IReadOnlyList<Tensor> parameters, IReadOnlyList<Episode> batch);
}
