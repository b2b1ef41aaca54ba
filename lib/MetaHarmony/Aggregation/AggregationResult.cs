using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>The update direction u^l for every layer, and the task weights that made it.</summary>
/// <param name="Directions">Per layer l, the aggregated direction of shape [D_l].</param>
/// <param name="TaskWeights">
/// [L, T] weight of each task in each layer (rows sum to one for the attention aggregators;
/// multi-head reports the mean over heads; PCGrad's are the effective weights of its
/// projections), or null when an aggregator has no such weights.
/// </param>
public sealed record AggregationResult(IReadOnlyList<Tensor> Directions, Tensor? TaskWeights)
    : IDisposable
{
    /// <summary>Disposes the directions and weights.</summary>
    public void Dispose()
    {
        foreach (var direction in Directions)
        {
            direction.Dispose();
        }
        TaskWeights?.Dispose();
    }
}
