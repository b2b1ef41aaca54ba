namespace MetaHarmony.Models;

/// <summary>The backbones the kit provides.</summary>
public enum BackboneKind
{
    /// <summary>Four conv blocks (MAML's network); <see cref="Conv4"/>.</summary>
    Conv4,

    /// <summary>Twelve-layer residual network; <see cref="ResNet12"/>.</summary>
    ResNet12,
}
