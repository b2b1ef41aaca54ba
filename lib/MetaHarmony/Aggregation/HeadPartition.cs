using MetaHarmony.Models;

namespace MetaHarmony.Aggregation;

/// <summary>
/// How one layer's elements fall into attention heads. A head is a contiguous run of output
/// units (dimension 0 of every tensor of the layer); an element's unit is its index within
/// its tensor divided by (tensor size / units). The U units are split into H runs as equal
/// as possible, the first U mod H runs one unit longer (like numpy.array_split; torch.chunk
/// could return fewer than H runs). With fewer units than H, every unit is its own head.
/// </summary>
/// <param name="Heads">H: the number of heads, min(requested, units).</param>
/// <param name="Width">The elements of the largest head; smaller heads are padded to it.</param>
/// <param name="Gather">
/// [H × Width] layer element of each head slot, head by head, in the layer's element order
/// within a head; a padding slot holds D_l, the index of an appended zero column.
/// </param>
/// <param name="Place">[D_l] the head slot (h × Width + offset) of each layer element.</param>
/// <param name="Sizes">[H] the number of elements of each head.</param>
/// <param name="Contiguous">True when the slots are the elements in order (no gather).</param>
internal sealed record HeadPartition(int Heads, long Width, long[] Gather, long[] Place,
    long[] Sizes, bool Contiguous)
{
    /// <summary>Cuts <paramref name="layer"/> of <paramref name="layout"/> into heads.</summary>
    public static HeadPartition Of(ModelLayout layout, LayerSpec layer, int requestedHeads)
    {
        long units = layer.OutputUnits;
        int heads = (int)Math.Min(requestedHeads, units);
        long shortRun = units / heads;
        long longRuns = units % heads;
        long elementsPerUnit = layer.Size / units;
        var sizes = new long[heads];
        for (int h = 0; h < heads; h++)
        {
            sizes[h] = (shortRun + (h < longRuns ? 1 : 0)) * elementsPerUnit;
        }

        long width = sizes[0];
        var gather = new long[heads * width];
        Array.Fill(gather, layer.Size);
        var place = new long[layer.Size];
        long firstUnit = 0;
        for (int h = 0; h < heads; h++)
        {
            long runUnits = sizes[h] / elementsPerUnit;
            long slot = h * width;
            long tensorOffset = 0;
            foreach (int p in layer.Parameters)
            {
                long perUnit = layout.Parameters[p].Size / units;
                long start = tensorOffset + firstUnit * perUnit;
                for (long e = start; e < start + runUnits * perUnit; e++, slot++)
                {
                    gather[slot] = e;
                    place[e] = slot;
                }
                tensorOffset += layout.Parameters[p].Size;
            }
            firstUnit += runUnits;
        }

        bool contiguous = gather.Length == layer.Size
            && gather.Select((e, slot) => e == slot).All(inOrder => inOrder);
        return new HeadPartition(heads, width, gather, place, sizes, contiguous);
    }
}
