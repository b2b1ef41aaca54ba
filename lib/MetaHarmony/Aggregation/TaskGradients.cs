using MetaHarmony.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// The per-task meta-gradients g_i of one meta-batch, kept apart and split by layer: for each
/// layer l a matrix of shape [T, D_l] whose row i is task i's gradient of the layer's tensors,
/// flattened and concatenated in <see cref="ModelLayout.Parameters"/> order.
/// </summary>
public sealed class TaskGradients : IDisposable
{
    /// <summary>Wraps per-layer matrices; takes ownership of them.</summary>
    public TaskGradients(ModelLayout layout, IReadOnlyList<Tensor> layers)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(layers);
        if (layers.Count != layout.Layers.Count)
        {
            throw new ArgumentException(
                $"{layers.Count} gradient matrices for {layout.Layers.Count} layers.",
                nameof(layers));
        }

        for (int l = 0; l < layers.Count; l++)
        {
            var shape = layers[l].shape;
            bool fits = shape.Length == 2 && shape[1] == layout.Layers[l].Size
                && shape[0] == layers[0].shape[0];
            if (!fits)
            {
                throw new ArgumentException(
                    $"Layer {l} ('{layout.Layers[l].Name}') has gradient shape "
                    + $"[{string.Join(", ", shape)}]; expected [T, {layout.Layers[l].Size}].",
                    nameof(layers));
            }
        }

        Layout = layout;
        Layers = layers;
    }

    /// <summary>
    /// Groups per-task lists of parameter gradients (each in <see cref="ModelLayout.Parameters"/>
    /// order) into per-layer matrices.
    /// </summary>
    public static TaskGradients FromTasks(ModelLayout layout,
        IReadOnlyList<IReadOnlyList<Tensor>> perTask)
    {
        ArgumentNullException.ThrowIfNull(layout);
        ArgumentNullException.ThrowIfNull(perTask);
        if (perTask.Count == 0)
        {
            throw new ArgumentException("A meta-batch needs at least one task.", nameof(perTask));
        }

        var layers = layout.Layers.Select(layer => stack(perTask.Select(task =>
            cat(layer.Parameters.Select(p => task[p].flatten()).ToList(), 0)).ToList()))
            .ToList();
        return new TaskGradients(layout, layers);
    }

    /// <summary>How parameters group into layers and blocks.</summary>
    public ModelLayout Layout { get; }

    /// <summary>Per layer l, the [T, D_l] matrix of task gradients.</summary>
    public IReadOnlyList<Tensor> Layers { get; }

    /// <summary>T: the number of tasks.</summary>
    public int Tasks => (int)Layers[0].shape[0];

    /// <summary>The [T, D] whole-model task gradients (all layers side by side).</summary>
    public Tensor Model() => cat(Layers.ToList(), 1);

    /// <summary>
    /// Splits one direction per layer (each [D_l]) back into tensors shaped like the
    /// parameters, in <see cref="ModelLayout.Parameters"/> order.
    /// </summary>
    public IReadOnlyList<Tensor> ToParameterShapes(IReadOnlyList<Tensor> layerDirections)
    {
        ArgumentNullException.ThrowIfNull(layerDirections);
        var result = new Tensor[Layout.Parameters.Count];
        for (int l = 0; l < Layout.Layers.Count; l++)
        {
            var layer = Layout.Layers[l];
            long offset = 0;
            foreach (int p in layer.Parameters)
            {
                var spec = Layout.Parameters[p];
                result[p] = layerDirections[l].narrow(0, offset, spec.Size).reshape(spec.Shape);
                offset += spec.Size;
            }
        }
        return result;
    }

    /// <summary>Disposes the per-layer matrices.</summary>
    public void Dispose()
    {
        foreach (var layer in Layers)
        {
            layer.Dispose();
        }
    }
}
