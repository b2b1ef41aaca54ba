using System.Runtime.CompilerServices;
using MetaHarmony.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// The head partitions of every layer, worked out once per layout, and their index tensors,
/// uploaded once per device. Entries live as long as their layout; <see cref="Dispose"/>
/// frees the index tensors at once.
/// </summary>
internal sealed class HeadPartitionCache : IDisposable
{
    readonly int heads;
    readonly ConditionalWeakTable<ModelLayout, LayoutHeads> layouts = new();
    readonly Lock gate = new();

    /// <summary>A cache for partitions into <paramref name="heads"/> heads.</summary>
    public HeadPartitionCache(int heads) => this.heads = heads;

    /// <summary>The partition of every layer of <paramref name="layout"/>.</summary>
    public IReadOnlyList<HeadPartition> Partitions(ModelLayout layout) => Entry(layout).Layers;

    /// <summary>Every layer's index tensors for <paramref name="layout"/> on a device.</summary>
    public IReadOnlyList<HeadIndices> Indices(ModelLayout layout, Device device)
    {
        var entry = Entry(layout);
        var key = (device.type, device.index);
        lock (gate)
        {
            if (!entry.Devices.TryGetValue(key, out var indices))
            {
                indices = entry.Layers.Select(p => HeadIndices.Upload(p, device)).ToList();
                entry.Devices.Add(key, indices);
            }
            return indices;
        }
    }

    /// <summary>Frees every index tensor uploaded so far.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            foreach (var (_, entry) in layouts)
            {
                foreach (var indices in entry.Devices.Values.SelectMany(list => list))
                {
                    indices.Dispose();
                }
                entry.Devices.Clear();
            }
        }
    }

    LayoutHeads Entry(ModelLayout layout)
    {
        lock (gate)
        {
            return layouts.GetValue(layout, l => new LayoutHeads(
                l.Layers.Select(layer => HeadPartition.Of(l, layer, heads)).ToList()));
        }
    }

    sealed record LayoutHeads(IReadOnlyList<HeadPartition> Layers)
    {
        public Dictionary<(DeviceType, int), IReadOnlyList<HeadIndices>> Devices { get; } = [];
    }
}

/// <summary>A <see cref="HeadPartition"/>'s index tensors on one device.</summary>
/// <param name="Gather">[H × Width] layer element (or the zero column) of each head slot.</param>
/// <param name="Place">[D_l] head slot of each layer element.</param>
/// <param name="Sizes">[H] elements per head, as float64.</param>
internal sealed record HeadIndices(Tensor Gather, Tensor Place, Tensor Sizes) : IDisposable
{
    /// <summary>Uploads the partition's indices, outside any dispose scope.</summary>
    public static HeadIndices Upload(HeadPartition partition, Device device) => new(
        tensor(partition.Gather, device: device).DetachFromDisposeScope(),
        tensor(partition.Place, device: device).DetachFromDisposeScope(),
        tensor(partition.Sizes.Select(s => (double)s).ToArray(), device: device)
            .DetachFromDisposeScope());

    /// <summary>Frees the tensors.</summary>
    public void Dispose()
    {
        Gather.Dispose();
        Place.Dispose();
        Sizes.Dispose();
    }
}
