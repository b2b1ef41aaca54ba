using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Softmax attention run separately on H heads of each layer: the layer's output units
/// (conv filters, batch-norm channels, rows of the head) are cut into H contiguous runs (see
/// <see cref="MultiHeadAttentionOptions"/>); each head scores the tasks against its own slice
/// of the mean gradient, takes its own softmax, and its output fills its elements of u^l.
/// The reported task weights are the mean over a layer's heads.
/// </summary>
/// <remarks>
/// Heads are gathered into one padded [T, H, width] tensor, so all heads of a layer are
/// scored in one pass; the index tensors are built once per layout and device and kept until
/// the layout is collected or the aggregator disposed.
/// </remarks>
public sealed class MultiHeadAttentionAggregator : IGradientAggregator, IDisposable
{
    readonly MultiHeadAttentionOptions options;
    readonly HeadPartitionCache cache;

    /// <summary>Creates the aggregator; null options mean the defaults.</summary>
    public MultiHeadAttentionAggregator(MultiHeadAttentionOptions? options = null)
    {
        this.options = (options ?? new MultiHeadAttentionOptions()).Validate();
        cache = new HeadPartitionCache(this.options.Heads);
    }

    /// <inheritdoc/>
    public string Name => "multi-head-attention";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        var partitions = cache.Partitions(gradients.Layout);
        var indices = cache.Indices(gradients.Layout, gradients.Layers[0].device);
        var directions = new List<Tensor>();
        var weights = new List<Tensor>();
        for (int l = 0; l < gradients.Layers.Count; l++)
        {
            var (direction, attention) = AggregateLayer(gradients.Layers[l], partitions[l],
                indices[l]);
            directions.Add(direction);
            weights.Add(attention.mean([1]));
        }
        return LayerResults.Keep(directions, weights);
    }

    /// <summary>Frees the cached index tensors.</summary>
    public void Dispose() => cache.Dispose();

    (Tensor Direction, Tensor Attention) AggregateLayer(Tensor layer, HeadPartition partition,
        HeadIndices indices)
    {
        long tasks = layer.shape[0];
        var heads = partition.Contiguous
            ? layer.reshape(tasks, partition.Heads, partition.Width)
            : cat([layer, zeros(tasks, 1, layer.dtype, layer.device)], 1)
                .index_select(1, indices.Gather)
                .reshape(tasks, partition.Heads, partition.Width);

        // Padding is zero, so it changes neither dot products nor norms.
        var scores = AgreementStatistics.Of(heads)
            .Score(options.Score, indices.Sizes.to_type(layer.dtype));
        var attention = softmax(scores / options.Temperature, 0);
        var slots = (attention.unsqueeze(-1) * heads).sum([0]).reshape(-1);
        var direction = partition.Contiguous ? slots : slots.index_select(0, indices.Place);
        return (direction, attention);
    }
}
