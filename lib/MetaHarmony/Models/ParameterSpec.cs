namespace MetaHarmony.Models;

/// <summary>One named parameter tensor of a backbone.</summary>
/// <param name="Name">Dotted name, e.g. "block1.conv.weight".</param>
/// <param name="Shape">The shape; dimension 0 counts output units (filters, rows).</param>
/// <param name="Layer">Index of the layer (module) the tensor belongs to.</param>
public sealed record ParameterSpec(string Name, long[] Shape, int Layer)
{
    /// <summary>Number of elements.</summary>
    public long Size => Shape.Aggregate(1L, (a, b) => a * b);

    /// <summary>Output units: the length of dimension 0.</summary>
    public long OutputUnits => Shape[0];
}
