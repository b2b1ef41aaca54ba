using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>Hands an aggregator's tensors out of its dispose scope to the caller.</summary>
internal static class LayerResults
{
    /// <summary>
    /// Moves the directions and the stacked [L, T] task weights (when given) out of the
    /// current dispose scope. The tensors must be fresh results, never the caller's inputs.
    /// </summary>
    public static AggregationResult Keep(IReadOnlyList<Tensor> directions,
        IReadOnlyList<Tensor>? layerWeights)
    {
        foreach (var direction in directions)
        {
            direction.MoveToOuterDisposeScope();
        }

        var weights = layerWeights is null ? null : stack(layerWeights).MoveToOuterDisposeScope();
        return new AggregationResult(directions, weights);
    }
}
