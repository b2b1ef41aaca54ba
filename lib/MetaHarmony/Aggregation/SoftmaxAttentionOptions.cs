namespace MetaHarmony.Aggregation;

/// <summary>Settings of <see cref="SoftmaxAttentionAggregator"/>.</summary>
/// <param name="Score">How a task gradient is scored against the mean (cosine by default).</param>
/// <param name="Temperature">
/// τ in softmax(s / τ), finite and &gt; 0 (ours; 1 by default). Large τ tends to the mean,
/// small τ to the single best-aligned task.
/// </param>
public sealed record SoftmaxAttentionOptions(
    AttentionScore Score = AttentionScore.Cosine, double Temperature = 1.0)
{
    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public SoftmaxAttentionOptions Validate()
    {
        OptionGuards.PositiveFinite(Temperature, nameof(Temperature),
            "the softmax temperature; 1 is the default");
        OptionGuards.Defined(Score, nameof(Score));
        return this;
    }
}
