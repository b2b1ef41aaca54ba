namespace MetaHarmony.Meta;

/// <summary>How much of the inner loop's graph the meta-gradient sees.</summary>
public enum Adaptation
{
    /// <summary>
    /// Keep the graph through every inner step, so the meta-gradient includes the inner
    /// gradients' dependence on the initial weights (full MAML).
    /// </summary>
    SecondOrder,

    /// <summary>
    /// Treat the inner gradients as constants (first-order MAML): the meta-gradient is the
    /// query gradient at the adapted weights.
    /// </summary>
    FirstOrder,
}
