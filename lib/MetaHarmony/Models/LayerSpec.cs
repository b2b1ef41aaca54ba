namespace MetaHarmony.Models;

/// <summary>
/// A layer in the method's sense: the parameter tensors of one module (a conv block's
/// convolution and batch norm, the head), whose task gradients are harmonized together.
/// </summary>
/// <param name="Name">The module's name, e.g. "block1".</param>
/// <param name="Parameters">Indices into <see cref="ModelLayout.Parameters"/>, in order.</param>
/// <param name="Block">Index into <see cref="ModelLayout.Blocks"/>, the coarser group.</param>
/// <param name="Size">D_l: the number of parameter elements in the layer.</param>
/// <param name="OutputUnits">Output units (filters, classes) shared by its tensors.</param>
public sealed record LayerSpec(
    string Name, IReadOnlyList<int> Parameters, int Block, long Size, long OutputUnits);
