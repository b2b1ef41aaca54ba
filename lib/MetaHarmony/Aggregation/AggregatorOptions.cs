using System.Diagnostics;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Which aggregator harmonizes the task gradients, with the settings of every kind in one
/// flat record, so that an experiment config or a notebook cell can switch the kind without
/// rewriting the rest. Settings that the chosen kind does not use are ignored (but still
/// checked by <see cref="Validate"/>).
/// </summary>
public sealed record AggregatorOptions
{
    /// <summary>The aggregator; the paper's softmax attention by default.</summary>
    public AggregatorKind Kind { get; init; } = AggregatorKind.SoftmaxAttention;

    /// <summary>
    /// Score of softmax and multi-head attention: cosine (the paper's) or scaled dot product
    /// (ours). Hierarchical attention always uses cosine.
    /// </summary>
    public AttentionScore Score { get; init; } = AttentionScore.Cosine;

    /// <summary>Softmax temperature τ of the attention kinds, finite, &gt; 0 (ours; 1).</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Heads per layer of multi-head attention, at least 1 (ours; 4).</summary>
    public int Heads { get; init; } = 4;

    /// <summary>Levels summed by hierarchical attention (ours; model and layer).</summary>
    public AttentionLevels Levels { get; init; } = AttentionLevels.Model | AttentionLevels.Layer;

    /// <summary>Whether PCGrad works per layer (default) or on the whole model.</summary>
    public PCGradScope PCGradScope { get; init; } = PCGradScope.Layer;

    /// <summary>The settings of <see cref="SoftmaxAttentionAggregator"/>.</summary>
    public SoftmaxAttentionOptions SoftmaxAttention => new(Score, Temperature);

    /// <summary>The settings of <see cref="MultiHeadAttentionAggregator"/>.</summary>
    public MultiHeadAttentionOptions MultiHeadAttention => new(Heads, Score, Temperature);

    /// <summary>The settings of <see cref="HierarchicalAttentionAggregator"/>.</summary>
    public HierarchicalAttentionOptions HierarchicalAttention => new(Levels, Temperature);

    /// <summary>The settings of <see cref="PCGradAggregator"/>.</summary>
    public PCGradOptions PCGrad => new(PCGradScope);

    /// <summary>
    /// Checks every value, whichever the kind; an <see cref="ArgumentException"/> names the
    /// bad value and the valid range.
    /// </summary>
    public AggregatorOptions Validate()
    {
        OptionGuards.Defined(Kind, nameof(Kind));
        MultiHeadAttention.Validate();
        HierarchicalAttention.Validate();
        PCGrad.Validate();
        return this;
    }

    /// <summary>A new aggregator of <see cref="Kind"/> with these settings.</summary>
    public IGradientAggregator Create() => Validate().Kind switch
    {
        AggregatorKind.Mean => new MeanAggregator(),
        AggregatorKind.SoftmaxAttention => new SoftmaxAttentionAggregator(SoftmaxAttention),
        AggregatorKind.MultiHeadAttention => new MultiHeadAttentionAggregator(MultiHeadAttention),
        AggregatorKind.HierarchicalAttention =>
            new HierarchicalAttentionAggregator(HierarchicalAttention),
        AggregatorKind.GradientAgreement => new GradientAgreementAggregator(),
        AggregatorKind.PCGrad => new PCGradAggregator(PCGrad),
        _ => throw new UnreachableException($"Validate let Kind = {Kind} through."),
    };
}
