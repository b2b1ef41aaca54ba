namespace MetaHarmony.Models;

/// <summary>Which backbone to build, with its settings; part of an experiment's config.</summary>
public sealed record BackboneOptions
{
    /// <summary>Conv4 (default) or ResNet12.</summary>
    public BackboneKind Kind { get; init; } = BackboneKind.Conv4;

    /// <summary>Settings used when <see cref="Kind"/> is Conv4.</summary>
    public Conv4Options Conv4 { get; init; } = new();

    /// <summary>Settings used when <see cref="Kind"/> is ResNet12.</summary>
    public ResNet12Options ResNet12 { get; init; } = new();

    /// <summary>
    /// Builds the backbone for images of <paramref name="shape"/>. With
    /// <paramref name="secondOrder"/> (the network will be differentiated twice, as in
    /// second-order MAML's inner loop) an automatic layout resolves to the one that is faster
    /// there (see <see cref="ActivationLayout.Auto"/>); without it, to the one faster for passes
    /// differentiated once, such as the query pass of either order.
    /// </summary>
    public IBackbone Create(BackboneShape shape, bool secondOrder = false) => Kind switch
    {
        BackboneKind.Conv4 => new Conv4(shape, Conv4.Layout == ActivationLayout.Auto && secondOrder
            ? Conv4 with { Layout = ActivationLayout.Contiguous } : Conv4),
        BackboneKind.ResNet12 => new ResNet12(shape, ResNet12),
        _ => throw new ArgumentException($"Backbone kind {Kind} is not known.", nameof(Kind)),
    };
}
