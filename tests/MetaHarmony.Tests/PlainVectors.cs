namespace MetaHarmony.Tests;

/// <summary>
/// Reference arithmetic on plain double arrays, independent of TorchSharp, for checking the
/// tensor code against numbers worked out separately.
/// </summary>
internal static class PlainVectors
{
    public static double Dot(double[] a, double[] b) => a.Zip(b, (x, y) => x * y).Sum();

    public static double Norm(double[] a) => Math.Sqrt(Dot(a, a));

    /// <summary>cos(a, b), 0 when either is the zero vector.</summary>
    public static double Cosine(double[] a, double[] b)
    {
        double norms = Norm(a) * Norm(b);
        return norms == 0 ? 0 : Dot(a, b) / norms;
    }

    public static double[] Mean(double[][] rows) =>
        Enumerable.Range(0, rows[0].Length).Select(k => rows.Average(r => r[k])).ToArray();

    public static double[] Softmax(params double[] scores)
    {
        double max = scores.Max();
        var exps = scores.Select(s => Math.Exp(s - max)).ToArray();
        double total = exps.Sum();
        return exps.Select(e => e / total).ToArray();
    }

    /// <summary>Σ_i weights[i] · rows[i].</summary>
    public static double[] Combine(double[] weights, double[][] rows) =>
        Enumerable.Range(0, rows[0].Length)
            .Select(k => rows.Select((r, i) => weights[i] * r[k]).Sum()).ToArray();

    public static double[] Scale(double c, double[] a) => a.Select(x => c * x).ToArray();

    public static double[] Add(double[] a, double[] b) => a.Zip(b, (x, y) => x + y).ToArray();

    /// <summary>The elements <paramref name="indices"/> of a vector.</summary>
    public static double[] Pick(double[] a, int[] indices) => indices.Select(i => a[i]).ToArray();

    /// <summary>Each row joined with the matching row of the next matrix.</summary>
    public static double[][] Concatenate(params double[][][] layers) =>
        Enumerable.Range(0, layers[0].Length)
            .Select(i => layers.SelectMany(layer => layer[i]).ToArray()).ToArray();

    /// <summary>Rows of normally distributed values from a seeded generator.</summary>
    public static double[][] Random(int seed, int rows, int columns)
    {
        var random = new Random(seed);
        return Enumerable.Range(0, rows).Select(_ => Enumerable.Range(0, columns)
            .Select(_ => Gaussian(random)).ToArray()).ToArray();
    }

    static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble()))
        * Math.Cos(2 * Math.PI * random.NextDouble());
}
