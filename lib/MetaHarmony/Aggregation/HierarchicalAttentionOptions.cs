namespace MetaHarmony.Aggregation;

/// <summary>Settings of <see cref="HierarchicalAttentionAggregator"/>.</summary>
/// <param name="Levels">
/// The levels whose cosine scores are summed (ours; model and layer by default, block as an
/// option). With only <see cref="AttentionLevels.Layer"/> this is softmax attention.
/// </param>
/// <param name="Temperature">τ in softmax(Σ_levels s / τ), finite and &gt; 0.</param>
public sealed record HierarchicalAttentionOptions(
    AttentionLevels Levels = AttentionLevels.Model | AttentionLevels.Layer,
    double Temperature = 1.0)
{
    const AttentionLevels All = AttentionLevels.Layer | AttentionLevels.Block
        | AttentionLevels.Model;

    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public HierarchicalAttentionOptions Validate()
    {
        if (Levels == AttentionLevels.None || (Levels & ~All) != 0)
        {
            throw new ArgumentException(
                $"Levels = {Levels} is not a valid set of attention levels: use one or more of "
                + "Layer, Block and Model, combined with | (Model | Layer is the default).",
                nameof(Levels));
        }

        new SoftmaxAttentionOptions(Temperature: Temperature).Validate();
        return this;
    }
}
