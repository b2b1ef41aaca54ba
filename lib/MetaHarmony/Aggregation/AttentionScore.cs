namespace MetaHarmony.Aggregation;

/// <summary>How an attention aggregator scores a task gradient against the query.</summary>
public enum AttentionScore
{
    /// <summary>cos(g_i, q): the paper's score; a zero vector scores 0.</summary>
    Cosine,

    /// <summary>g_i · q / √D, as in transformer attention (ours).</summary>
    ScaledDot,
}
