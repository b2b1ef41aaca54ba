namespace MetaHarmony.Aggregation;

/// <summary>Which aggregator turns the task gradients into one update.</summary>
public enum AggregatorKind
{
    /// <summary>The MAML baseline, <see cref="MeanAggregator"/>.</summary>
    Mean,

    /// <summary>The paper's method, <see cref="SoftmaxAttentionAggregator"/>.</summary>
    SoftmaxAttention,

    /// <summary>Ablation 1, replacement A: <see cref="MultiHeadAttentionAggregator"/>.</summary>
    MultiHeadAttention,

    /// <summary>Ablation 1, replacement B: <see cref="HierarchicalAttentionAggregator"/>.</summary>
    HierarchicalAttention,

    /// <summary>Prior method: <see cref="GradientAgreementAggregator"/>.</summary>
    GradientAgreement,

    /// <summary>Prior method: <see cref="PCGradAggregator"/>.</summary>
    PCGrad,
}
