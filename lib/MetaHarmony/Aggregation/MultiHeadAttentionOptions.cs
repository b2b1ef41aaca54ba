namespace MetaHarmony.Aggregation;

/// <summary>Settings of <see cref="MultiHeadAttentionAggregator"/>.</summary>
/// <param name="Heads">
/// H, the heads per layer (ours; 4 by default), at least 1. A layer with fewer output units
/// than H uses one head per unit.
/// </param>
/// <param name="Score">How a head's slice of a task gradient is scored.</param>
/// <param name="Temperature">τ of every head's softmax, finite and &gt; 0.</param>
public sealed record MultiHeadAttentionOptions(int Heads = 4,
    AttentionScore Score = AttentionScore.Cosine, double Temperature = 1.0)
{
    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public MultiHeadAttentionOptions Validate()
    {
        OptionGuards.AtLeast(Heads, 1, nameof(Heads),
            "attention heads per layer; 4 is the default");
        new SoftmaxAttentionOptions(Score, Temperature).Validate();
        return this;
    }
}
