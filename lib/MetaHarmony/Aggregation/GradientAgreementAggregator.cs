using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Gradient agreement (Eshratifar et al. 2018), layer by layer: w_i = c_i / Σ_k |c_k| with
/// c_i = g_i · Σ_j g_j, and u = Σ_i w_i g_i. Unlike attention the weights are not
/// exponentiated, so a task that disagrees with the sum gets a negative weight and is pushed
/// against; the weights sum to at most one (exactly one when every c_i ≥ 0). When the task
/// gradients of a layer sum to zero, every c_i is 0 and the weights fall back to 1/T (u is
/// then the mean, which is zero).
/// </summary>
public sealed class GradientAgreementAggregator : IGradientAggregator
{
    /// <inheritdoc/>
    public string Name => "gradient-agreement";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        return LayerResults.Weighted(gradients, (_, layer) =>
        {
            var agreement = layer.matmul(layer.sum([0]));
            var total = agreement.abs().sum();
            var uniform = full_like(agreement, 1.0 / gradients.Tasks);
            return where(total > 0, agreement / total, uniform);
        });
    }
}
