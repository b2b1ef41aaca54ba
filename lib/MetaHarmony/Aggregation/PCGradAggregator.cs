using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// Projecting conflicting gradients (PCGrad, Yu et al. 2020). Each task gradient g_i visits
/// the other tasks in a random order; whenever its current projection conflicts with the
/// original g_j (negative dot product) it loses its component along g_j:
/// g_i ← g_i − (g_i · g_j / ‖g_j‖²) g_j. The update is the mean of the projections.
/// </summary>
/// <remarks>
/// The orders are drawn from (seed, iteration) alone, layer after layer and task after task,
/// so a resumed run projects exactly as the uninterrupted one. The test "dot &lt; 0" is
/// computed on the device as min(dot, 0), which avoids reading a value back to the host.
/// PCGrad has no task weights: <see cref="AggregationResult.TaskWeights"/> is null.
/// </remarks>
public sealed class PCGradAggregator : IGradientAggregator
{
    const ulong OrderPurpose = 0x5043_4772_6164UL;
    readonly PCGradOptions options;

    /// <summary>Creates the aggregator; null options mean the defaults.</summary>
    public PCGradAggregator(PCGradOptions? options = null)
    {
        this.options = (options ?? new PCGradOptions()).Validate();
    }

    /// <inheritdoc/>
    public string Name => "pcgrad";

    /// <inheritdoc/>
    public AggregationResult Aggregate(TaskGradients gradients, AggregationContext context)
    {
        ArgumentNullException.ThrowIfNull(gradients);
        ArgumentNullException.ThrowIfNull(context);
        using var scope = NewDisposeScope();
        var random = new StatelessRandom(context.Seed, context.Iteration, OrderPurpose);
        if (options.Scope == PCGradScope.Layer)
        {
            var directions = new List<Tensor>();
            foreach (var layer in gradients.Layers)
            {
                directions.Add(Project(layer, Orders(gradients.Tasks, ref random)).mean([0]));
            }
            return LayerResults.Keep(directions, null);
        }

        var model = Project(gradients.Model(), Orders(gradients.Tasks, ref random)).mean([0]);
        var sizes = gradients.Layout.Layers.Select(layer => layer.Size).ToArray();
        return LayerResults.Keep(model.split(sizes), null);
    }

    /// <summary>
    /// For each task i, the other tasks in a random order (a fresh shuffle per task).
    /// </summary>
    internal static int[][] Orders(int tasks, ref StatelessRandom random)
    {
        var orders = new int[tasks][];
        for (int i = 0; i < tasks; i++)
        {
            orders[i] = Enumerable.Range(0, tasks).Where(j => j != i).ToArray();
            random.Shuffle(orders[i]);
        }
        return orders;
    }

    /// <summary>
    /// [T, D] projections of the rows of <paramref name="gradients"/>, row i visiting the rows
    /// <paramref name="orders"/>[i] in turn.
    /// </summary>
    internal static Tensor Project(Tensor gradients, int[][] orders)
    {
        var squares = gradients.square().sum(-1);

        // A zero g_j has a zero dot product; dividing by 1 instead of 0 leaves g_i unchanged.
        var safeSquares = where(squares > 0, squares, ones_like(squares));
        var projected = new List<Tensor>();
        for (int i = 0; i < orders.Length; i++)
        {
            var row = gradients[i];
            foreach (int j in orders[i])
            {
                var conflict = row.dot(gradients[j]).clamp_max(0);
                row = row - conflict / safeSquares[j] * gradients[j];
            }
            projected.Add(row);
        }
        return stack(projected);
    }
}
