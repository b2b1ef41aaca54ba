using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// The paper's layer-wise dynamic gradient harmonization. Per layer, the query is the mean
/// task gradient ḡ, each task gradient is a key and a value: a_i = softmax_i(s_i / τ) with
/// s_i = cos(g_i, ḡ) (or g_i · ḡ / √D_l), and u = Σ_i a_i g_i. The weights sum to one, so u
/// keeps the scale of the mean, leaning towards the tasks that agree with the majority.
/// </summary>
public sealed class SoftmaxAttentionAggregator : IGradientAggregator
{
    readonly SoftmaxAttentionOptions options;

    /// <summary>Creates the aggregator; null options mean the defaults.</summary>
    public SoftmaxAttentionAggregator(SoftmaxAttentionOptions? options = null)
    {
        this.options = (options ?? new SoftmaxAttentionOptions()).Validate();
    }

    /// <inheritdoc/>
    public string Name => "softmax-attention";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        return LayerResults.Weighted(gradients, (_, layer) =>
        {
            var scores = AgreementStatistics.Of(layer).Score(options.Score, layer.shape[1]);
            return softmax(scores / options.Temperature, 0);
        });
    }
}
