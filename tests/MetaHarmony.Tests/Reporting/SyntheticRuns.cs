using MetaHarmony.Experiments;

namespace MetaHarmony.Tests.Reporting;

/// <summary>Run records with known numbers, built without training.</summary>
internal static class SyntheticRuns
{
    public static readonly string[] Layers = ["conv1", "conv2", "head"];

    /// <summary>
    /// A run whose iteration i has GCI = gci(i), normalised GCI = gci(i) / 10, layer GCIs
    /// gci(i) * (l + 1), loss 2 − i/n, accuracy i/n, exploit on odd iterations, and softmax
    /// weights over 4 tasks; evaluated on the given per-episode accuracies.
    /// </summary>
    public static RunRecord Run(string variant, int shots, long seed,
        IReadOnlyList<double>? accuracies, int iterations = 20, Func<int, double>? gci = null,
        string dataset = "kanji", long episodeSeed = 7, bool weights = true)
    {
        gci ??= i => i;
        var rows = Enumerable.Range(0, iterations).Select(i => new IterationRecord(
            i, i / 10.0, 2.0 - (double)i / iterations, (double)i / iterations, gci(i),
            gci(i) / 10, Layers.Select((_, l) => gci(i) * (l + 1)).ToList(),
            Layers.Select((_, l) => gci(i) * (l + 1) / 10).ToList(),
            i % 2 == 1, Math.Min(1, i / (double)iterations),
            weights ? Layers.Select(_ => (IReadOnlyList<double>)[0.1, 0.2, 0.3, 0.4]).ToList()
                : null,
            0.01)).ToList();
        var evaluation = accuracies is null ? null
            : new EvaluationRecord("test", 10, episodeSeed, accuracies, accuracies.Average(),
                MetaHarmony.Metrics.ConfidenceInterval.Of(accuracies).HalfWidth);
        var description = new RunDescription(variant, dataset, "Conv4", 5, shots, seed,
            variant == "maml" ? "mean" : "softmax-attention", "cosine to epoch 20");
        return new RunRecord($"{variant}-{shots}-{seed}", description, Layers, rows, evaluation,
            1.0, "cpu");
    }
}
