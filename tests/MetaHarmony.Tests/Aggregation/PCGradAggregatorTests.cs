using MetaHarmony.Aggregation;
using MetaHarmony.Runtime;
using static MetaHarmony.Tests.Aggregation.GradientFixtures;
using static MetaHarmony.Tests.PlainVectors;

namespace MetaHarmony.Tests.Aggregation;

public sealed class PCGradAggregatorTests
{
    public PCGradAggregatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void ProjectsConflictingPairsWithinEachLayer()
    {
        using var gradients = Example();
        using var result = new PCGradAggregator().Aggregate(gradients, new(7, 3));

        // Conv: only g1·g3 = -3 < 0 (g1·g2 = 1, g2·g3 = 1), and no projection creates a new
        // conflict, so the order does not matter: g1' = g1 + 3/8 g3, g2' = g2,
        // g3' = g3 + 1/2 g1.
        AssertClose([23 / 24.0, 19 / 24.0, 1 / 12.0, 1 / 8.0, 5 / 6.0, 19 / 24.0],
            result.Directions[0]);
        // Head: only g1·g2 = -1 < 0: g1' = (1/2, 1/2), g2' = (0, 1), g3' = g3.
        AssertClose([1 / 6.0, 5 / 6.0], result.Directions[1]);

        // The update as one weighted sum: w = (1 + 1/2, 1, 1 + 3/8) / 3 in the conv layer.
        AssertClose([1.5 / 3, 1 / 3.0, 1.375 / 3], result.TaskWeights![0]);
    }

    [Fact]
    public void TheModelScopeProjectsWholeModelGradients()
    {
        using var gradients = Example();
        var aggregator = new PCGradAggregator(new(PCGradScope.Model));
        using var result = aggregator.Aggregate(gradients, new(7, 3));

        // Whole model: g1·g2 = 0, g2·g3 = 2, g1·g3 = -3, ‖g1‖² = 7, ‖g3‖² = 9, so
        // g1' = g1 + g3/3 and g3' = g3 + 3/7 g1: u = (10/7 g1 + g2 + 4/3 g3) / 3.
        var u = Combine([10 / 21.0, 1 / 3.0, 4 / 9.0], Concatenate(Conv, Head));
        AssertClose(u[..6], result.Directions[0]);
        AssertClose(u[6..], result.Directions[1]);
    }

    [Fact]
    public void TheOrderComesFromTheSeedAndIterationAlone()
    {
        // g1 conflicts with both others, and so on: every order gives another result.
        double[][] head = [[1, 0], [-1, 2], [-1, -2]];
        double[][] conv = [new double[6], new double[6], new double[6]];
        using var gradients = Gradients(TwoLayers(), conv, head);
        var aggregator = new PCGradAggregator();
        var possible = AllOrders(head);

        var seen = new HashSet<int>();
        for (int iteration = 0; iteration < 16; iteration++)
        {
            using var first = aggregator.Aggregate(gradients, new(iteration, 42));
            using var again = new PCGradAggregator().Aggregate(gradients, new(iteration, 42));
            var u = Read(first.Directions[1]);
            Assert.Equal(u, Read(again.Directions[1]));

            int match = possible.FindIndex(p => Math.Abs(p[0] - u[0]) + Math.Abs(p[1] - u[1])
                < 1e-12);
            Assert.True(match >= 0, $"({u[0]}, {u[1]}) is no order's result");
            seen.Add(match);
        }
        Assert.True(seen.Count >= 3, $"only {seen.Count} distinct orders in 16 iterations");
    }

    [Fact]
    public void TwoConflictingTasksEndUpAlignedWithTheUpdate()
    {
        var random = PlainVectors.Random(21, 2, 8);
        double[][] pair = [random[0], Add(Scale(-1.5, random[0]), Scale(0.3, random[1]))];
        Assert.True(Dot(pair[0], pair[1]) < 0);
        using var gradients = Gradients(TwoLayers(), [pair[0][..6], pair[1][..6]],
            [pair[0][6..], pair[1][6..]]);
        using var result = new PCGradAggregator(new(PCGradScope.Model))
            .Aggregate(gradients, new(0, 1));

        double[] u = [.. Read(result.Directions[0]), .. Read(result.Directions[1])];
        Assert.True(Dot(u, pair[0]) >= -1e-12);
        Assert.True(Dot(u, pair[1]) >= -1e-12);

        // Each projection is orthogonal to the gradient it conflicted with.
        using var rows = TorchSharp.torch.tensor(pair.SelectMany(r => r).ToArray(), [2, 8]);
        using var projected = PCGradAggregator.Project(rows, [[1], [0]]);
        Assert.Equal(0, Dot(Read(projected[0]), pair[1]), 12);
        Assert.Equal(0, Dot(Read(projected[1]), pair[0]), 12);
    }

    /// <summary>PCGrad's mean for every combination of the tasks' orders, in doubles.</summary>
    static List<double[]> AllOrders(double[][] g)
    {
        int[][][] orders = [[[1, 2], [2, 1]], [[0, 2], [2, 0]], [[0, 1], [1, 0]]];
        var results = new List<double[]>();
        foreach (var o0 in orders[0])
        {
            foreach (var o1 in orders[1])
            {
                foreach (var o2 in orders[2])
                {
                    int[][] chosen = [o0, o1, o2];
                    results.Add(Mean(g.Select((gi, i) => chosen[i].Aggregate(gi, (p, j) =>
                    {
                        double dot = Dot(p, g[j]);
                        return dot < 0 ? Add(p, Scale(-dot / Dot(g[j], g[j]), g[j])) : p;
                    })).ToArray()));
                }
            }
        }
        return results;
    }
}
