using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>The MAML baseline: u^l = (1/T) Σ_i g_i^l, every task weighted 1/T.</summary>
public sealed class MeanAggregator : IGradientAggregator
{
    /// <inheritdoc/>
    public string Name => "mean";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        return LayerResults.Weighted(gradients, (_, layer) =>
            full(gradients.Tasks, 1.0 / gradients.Tasks, layer.dtype, layer.device));
    }
}
