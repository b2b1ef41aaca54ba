namespace MetaHarmony.Experiments;

/// <summary>
/// Meta-test accuracy over fixed episodes. The per-episode accuracies are kept so that two
/// configurations evaluated on the same episodes can be compared pairwise.
/// </summary>
/// <param name="Split">The split evaluated, normally "test".</param>
/// <param name="InnerSteps">k_test: inner steps at evaluation.</param>
/// <param name="EpisodeSeed">The seed that fixes the episodes.</param>
/// <param name="Accuracies">Query accuracy of each episode, in [0, 1], in episode order.</param>
/// <param name="Mean">Mean accuracy.</param>
/// <param name="HalfWidth">Half-width of the 95% confidence interval: 1.96 sd / sqrt(E).</param>
public sealed record EvaluationRecord(string Split, int InnerSteps, long EpisodeSeed,
    IReadOnlyList<double> Accuracies, double Mean, double HalfWidth);
