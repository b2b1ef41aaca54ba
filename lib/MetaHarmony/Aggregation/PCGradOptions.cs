namespace MetaHarmony.Aggregation;

/// <summary>Settings of <see cref="PCGradAggregator"/>.</summary>
/// <param name="Scope">Per layer (default) or whole model.</param>
public sealed record PCGradOptions(PCGradScope Scope = PCGradScope.Layer)
{
    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public PCGradOptions Validate()
    {
        OptionGuards.Defined(Scope, nameof(Scope));
        return this;
    }
}
