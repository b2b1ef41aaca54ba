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
/// Every projection stays a combination of the original task gradients, g_i' = Σ_j c_ij g_j,
/// and every dot product it needs is one of the Gram matrix's, g_i' · g_j = Σ_k c_ik G_kj. So
/// the projections are computed on the T x T Gram matrix (read back once per meta-step, in
/// float64), and the update is one weighted sum of the task gradients with weights
/// w_j = (1/T) Σ_i c_ij, which are reported as the task weights. The orders are drawn from
/// (seed, iteration) alone, layer after layer and task after task, so a resumed run projects
/// exactly as the uninterrupted one.
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
        int tasks = gradients.Tasks;
        var grams = stack(gradients.Layers.Select(Gram)).cpu().data<double>().ToArray();
        int layers = gradients.Layers.Count;
        var weights = new double[layers * tasks];
        if (options.Scope == PCGradScope.Layer)
        {
            for (int l = 0; l < layers; l++)
            {
                var gram = grams.AsSpan(l * tasks * tasks, tasks * tasks).ToArray();
                MeanWeights(Coefficients(gram, Orders(tasks, ref random)))
                    .CopyTo(weights, l * tasks);
            }
        }
        else
        {
            // The whole model's Gram matrix is the sum of the layers'.
            var gram = Enumerable.Range(0, tasks * tasks)
                .Select(k => Enumerable.Range(0, layers).Sum(l => grams[l * tasks * tasks + k]))
                .ToArray();
            var shared = MeanWeights(Coefficients(gram, Orders(tasks, ref random)));
            for (int l = 0; l < layers; l++)
            {
                shared.CopyTo(weights, l * tasks);
            }
        }

        var layer0 = gradients.Layers[0];
        var taskWeights = tensor(weights, [layers, tasks]).to(layer0.dtype, layer0.device);
        return LayerResults.Weighted(gradients, (l, _) => taskWeights[l]);
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
        using var scope = NewDisposeScope();
        int tasks = orders.Length;
        var gram = Gram(gradients).cpu().data<double>().ToArray();
        var coefficients = tensor(Coefficients(gram, orders), [tasks, tasks])
            .to(gradients.dtype, gradients.device);
        return coefficients.matmul(gradients).MoveToOuterDisposeScope();
    }

    /// <summary>G = g gᵀ in float64: every dot product between task gradients.</summary>
    static Tensor Gram(Tensor gradients)
    {
        var exact = gradients.to(ScalarType.Float64);
        return exact.matmul(exact.t());
    }

    /// <summary>
    /// The row-major [T, T] matrix C with g_i' = Σ_j C_ij g_j, from the row-major Gram matrix.
    /// </summary>
    internal static double[] Coefficients(double[] gram, int[][] orders)
    {
        int tasks = orders.Length;
        var c = new double[tasks * tasks];
        for (int i = 0; i < tasks; i++)
        {
            c[i * tasks + i] = 1;
            foreach (int j in orders[i])
            {
                double dot = 0;
                for (int k = 0; k < tasks; k++)
                {
                    dot += c[i * tasks + k] * gram[k * tasks + j];
                }

                // A zero g_j has a zero dot product and changes nothing.
                double square = gram[j * tasks + j];
                if (dot < 0 && square > 0)
                {
                    c[i * tasks + j] -= dot / square;
                }
            }
        }
        return c;
    }

    static double[] MeanWeights(double[] coefficients)
    {
        int tasks = (int)Math.Sqrt(coefficients.Length);
        return Enumerable.Range(0, tasks)
            .Select(j => Enumerable.Range(0, tasks).Sum(i => coefficients[i * tasks + j]) / tasks)
            .ToArray();
    }
}
