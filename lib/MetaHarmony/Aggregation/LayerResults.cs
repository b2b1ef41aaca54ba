using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Builds an aggregator's result and hands its tensors out of the aggregator's dispose scope
/// to the caller. Call inside that scope: the tensors move one scope out.
/// </summary>
internal static class LayerResults
{
    /// <summary>
    /// u^l = Σ_i w_i^l g_i^l with the [T] task weights <paramref name="taskWeights"/> gives
    /// for each layer (its index and its [T, D_l] gradients); reports the weights as [L, T].
    /// </summary>
    public static AggregationResult Weighted(TaskGradients gradients,
        Func<int, Tensor, Tensor> taskWeights)
    {
        var directions = new List<Tensor>();
        var weights = new List<Tensor>();
        for (int l = 0; l < gradients.Layers.Count; l++)
        {
            var layer = gradients.Layers[l];
            var layerWeights = taskWeights(l, layer);
            directions.Add(layerWeights.matmul(layer));
            weights.Add(layerWeights);
        }
        return Keep(directions, weights);
    }

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
