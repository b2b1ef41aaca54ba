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
            ? layers.Select((layer, l) => (layer.Block, statistics[l]))
                .GroupBy(x => x.Block, x => x.Item2)
                .ToDictionary(g => g.Key, g => g.Aggregate((a, b) => a + b).Cosine())
            : null;

        var directions = new List<Tensor>();
        var weights = new List<Tensor>();
        for (int l = 0; l < layers.Count; l++)
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

            var attention = softmax(scores / options.Temperature, 0);
            directions.Add(attention.matmul(gradients.Layers[l]));
            weights.Add(attention);
        }
        return LayerResults.Keep(directions, weights);
    }

    bool Has(AttentionLevels level) => (options.Levels & level) != 0;
}
