using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Softmax attention whose score adds the agreement of the task at coarser levels of the
/// network: a_i^l = softmax_i((Σ_levels s_i^level) / τ) with s_i^level = cos(g_i, ḡ)
/// restricted to the level's elements (the layer, its block, or the whole model). With the
/// model and layer levels this is the renormalised product of the two levels' softmax
/// weights. A task that conflicts with the model as a whole is damped in every layer.
/// Scores are always cosines: the levels span very different sizes, which a scaled dot
/// product would weigh unevenly.
/// </summary>
public sealed class HierarchicalAttentionAggregator : IGradientAggregator
{
    readonly HierarchicalAttentionOptions options;

    /// <summary>Creates the aggregator; null options mean the defaults.</summary>
    public HierarchicalAttentionAggregator(HierarchicalAttentionOptions? options = null)
    {
        this.options = (options ?? new HierarchicalAttentionOptions()).Validate();
    }

    /// <inheritdoc/>
    public string Name => "hierarchical-attention";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        var layers = gradients.Layout.Layers;
        var statistics = gradients.Layers.Select(AgreementStatistics.Of).ToList();

        // Statistics add up over concatenated layers, so no level concatenates gradients.
        var modelScores = Has(AttentionLevels.Model)
            ? statistics.Aggregate((a, b) => a + b).Cosine() : null;
        var blocks = Has(AttentionLevels.Block)
            ? Enumerable.Range(0, layers.Count).GroupBy(l => layers[l].Block, l => statistics[l])
                .ToDictionary(g => g.Key, g => g.Aggregate((a, b) => a + b).Cosine())
            : null;

        return LayerResults.Weighted(gradients, (l, _) =>
        {
            var scores = zeros_like(statistics[l].Dots);
            if (Has(AttentionLevels.Layer))
            {
                scores += statistics[l].Cosine();
            }
            if (blocks is not null)
            {
                scores += blocks[layers[l].Block];
            }
            if (modelScores is not null)
            {
                scores += modelScores;
            }

            return softmax(scores / options.Temperature, 0);
        });
    }

    bool Has(AttentionLevels level) => (options.Levels & level) != 0;
}
