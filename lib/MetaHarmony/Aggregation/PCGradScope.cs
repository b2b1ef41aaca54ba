namespace MetaHarmony.Aggregation;

/// <summary>Over which vectors PCGrad tests and removes conflicts.</summary>
public enum PCGradScope
{
    /// <summary>
    /// Each layer on its own (the default, to match the layer-wise harmonization it is
    /// compared with): a conflict in one layer does not bend the others.
    /// </summary>
    Layer,

    /// <summary>The whole model's gradient at once, as in Yu et al. (2020).</summary>
    Model,
}
