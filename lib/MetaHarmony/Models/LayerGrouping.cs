namespace MetaHarmony.Models;

/// <summary>What counts as one layer when task gradients are harmonized layer by layer.</summary>
public enum LayerGrouping
{
    /// <summary>One module's tensors together (a conv block's conv and norm).</summary>
    Module,

    /// <summary>Every parameter tensor on its own (our option; the paper is silent).</summary>
    Tensor,
}
