using MetaHarmony.Aggregation;
using static TorchSharp.torch;

namespace MetaHarmony.Metrics;

/// <summary>
/// The Gradient Conflict Index (GCI) of one meta-batch's task gradients:
/// GCI = Σ_i ‖g_i‖ − T‖ḡ‖ = Σ_i ‖g_i‖ (1 − cos(g_i, ḡ)) ≥ 0, zero exactly when all task
/// gradients point the same way, for the whole model and for every layer; and the
/// normalised index GCI / Σ_i ‖g_i‖ ∈ [0, 1], which does not grow with the gradients' scale
/// (0 when every gradient is zero).
/// </summary>
/// <param name="Global">The whole model's GCI.</param>
/// <param name="GlobalNormalized">The whole model's GCI / Σ_i ‖g_i‖.</param>
/// <param name="PerLayer">Each layer's GCI, in layout order.</param>
/// <param name="PerLayerNormalized">Each layer's normalised GCI.</param>
public sealed record ConflictIndex(double Global, double GlobalNormalized,
    IReadOnlyList<double> PerLayer, IReadOnlyList<double> PerLayerNormalized)
{
    /// <summary>
    /// Computes every index on the gradients' device in float64 (the difference of two close
    /// sums loses digits in float32) and reads them back in one transfer. Rounding can leave
    /// a conflict-free index a hair below zero; it is clamped to 0.
    /// </summary>
    public static ConflictIndex Compute(TaskGradients gradients)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        using var scope = NewDisposeScope();
        int tasks = gradients.Tasks;
        var taskSquares = new List<Tensor>();
        var meanSquares = new List<Tensor>();
        foreach (var layer in gradients.Layers)
        {
            // A scope per layer frees its float64 copy before the next layer is converted.
            using var layerScope = NewDisposeScope();
            var exact = layer.to_type(ScalarType.Float64);
            taskSquares.Add(exact.square().sum(1).MoveToOuterDisposeScope());
            meanSquares.Add(exact.mean([0]).square().sum().MoveToOuterDisposeScope());
        }

        var layerTaskSquares = stack(taskSquares);
        var layerMeanSquares = stack(meanSquares);
        var (perLayer, perLayerNormalized) = Index(layerTaskSquares.sqrt().sum(1),
            layerMeanSquares.sqrt(), tasks);
        var (global, globalNormalized) = Index(layerTaskSquares.sum([0]).sqrt().sum(),
            layerMeanSquares.sum().sqrt(), tasks);

        var values = cat([global.reshape(1), globalNormalized.reshape(1), perLayer,
            perLayerNormalized]).cpu().data<double>().ToArray();
        int layers = gradients.Layers.Count;
        return new ConflictIndex(values[0], values[1], values[2..(2 + layers)],
            values[(2 + layers)..]);
    }

    static (Tensor Index, Tensor Normalized) Index(Tensor normSums, Tensor meanNorms, int tasks)
    {
        var index = (normSums - tasks * meanNorms).clamp_min(0);
        var normalized = where(normSums > 0, index / normSums, zeros_like(index));
        return (index, normalized);
    }
}
