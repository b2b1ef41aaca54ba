namespace MetaHarmony.Aggregation;

/// <summary>
/// The levels of the network whose agreement scores are summed by hierarchical attention;
/// combine them with |, e.g. <c>AttentionLevels.Model | AttentionLevels.Layer</c>.
/// </summary>
[Flags]
public enum AttentionLevels
{
    /// <summary>No level; not a valid setting.</summary>
    None = 0,

    /// <summary>The layer itself: cos(g_i^l, ḡ^l).</summary>
    Layer = 1,

    /// <summary>The layer's block (its layers concatenated), e.g. a residual block.</summary>
    Block = 2,

    /// <summary>The whole model (all layers concatenated): cos(g_i, ḡ).</summary>
    Model = 4,
}
