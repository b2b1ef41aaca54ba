namespace MetaHarmony.Models;

/// <summary>
/// The ordered parameter tensors of a backbone and how they group into layers and blocks.
/// Fast weights, meta-gradients and aggregated directions all follow this order.
/// </summary>
public sealed class ModelLayout
{
    /// <summary>Builds a layout; layers come from the specs' layer indices.</summary>
    /// <param name="parameters">Every parameter tensor, in forward order.</param>
    /// <param name="layerNames">The name of each layer index.</param>
    /// <param name="layerBlocks">The block index of each layer.</param>
    /// <param name="blockNames">The name of each block.</param>
    public ModelLayout(IReadOnlyList<ParameterSpec> parameters, IReadOnlyList<string> layerNames,
        IReadOnlyList<int> layerBlocks, IReadOnlyList<string> blockNames)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(layerNames);
        ArgumentNullException.ThrowIfNull(layerBlocks);
        if (layerBlocks.Count != layerNames.Count)
        {
            throw new ArgumentException(
                $"{layerBlocks.Count} block indices for {layerNames.Count} layers.",
                nameof(layerBlocks));
        }

        Parameters = parameters;
        Blocks = blockNames;
        Layers = layerNames.Select((name, l) =>
        {
            var members = Enumerable.Range(0, parameters.Count)
                .Where(p => parameters[p].Layer == l).ToList();
            if (members.Count == 0)
            {
                throw new ArgumentException($"Layer {l} ('{name}') has no parameters.",
                    nameof(layerNames));
            }

            long units = parameters[members[0]].OutputUnits;
            var mismatch = members.FirstOrDefault(p => parameters[p].OutputUnits != units, -1);
            if (mismatch >= 0)
            {
                throw new ArgumentException(
                    $"{parameters[mismatch].Name} has {parameters[mismatch].OutputUnits} output "
                    + $"units, but layer '{name}' has {units}.", nameof(parameters));
            }

            return new LayerSpec(name, members, layerBlocks[l],
                members.Sum(p => parameters[p].Size), units);
        }).ToList();
    }

    /// <summary>Every parameter tensor, in the order weights and gradients are kept.</summary>
    public IReadOnlyList<ParameterSpec> Parameters { get; }

    /// <summary>The layers, in forward order.</summary>
    public IReadOnlyList<LayerSpec> Layers { get; }

    /// <summary>The names of the blocks (coarser groups of layers, e.g. residual blocks).</summary>
    public IReadOnlyList<string> Blocks { get; }

    /// <summary>Total number of parameter elements (D).</summary>
    public long Size => Layers.Sum(l => l.Size);

    /// <summary>
    /// The same parameters grouped differently: <see cref="LayerGrouping.Tensor"/> makes each
    /// tensor its own layer (keeping its block); <see cref="LayerGrouping.Module"/> returns this.
    /// </summary>
    public ModelLayout Regroup(LayerGrouping grouping)
    {
        if (grouping == LayerGrouping.Module)
        {
            return this;
        }

        var specs = Parameters.Select((p, i) => p with { Layer = i }).ToList();
        return new ModelLayout(specs, Parameters.Select(p => p.Name).ToList(),
            Parameters.Select(p => Layers[p.Layer].Block).ToList(), Blocks);
    }
}
