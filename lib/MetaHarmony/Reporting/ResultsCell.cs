using MetaHarmony.Metrics;

namespace MetaHarmony.Reporting;

/// <summary>One configuration at one task shape: what a results table shows.</summary>
/// <param name="Accuracy">
/// Meta-test accuracy in [0, 1] with its 95% interval: over the test episodes for one seed;
/// for several, the mean of the seeds' accuracies with the t interval across seeds (see
/// <see cref="ConfidenceIntervals.Combine"/>). Null when no run was evaluated.
/// </param>
/// <param name="ConflictIndex">
/// Gradient Conflict Index averaged over the last 10% of training, then over seeds.
/// </param>
/// <param name="NormalizedConflictIndex">The normalised index, averaged the same way.</param>
/// <param name="DifferenceToBaseline">
/// Paired accuracy difference to the baseline on the same episodes, in [−1, 1], each seed
/// paired with the baseline of its seed; its interval is formed like the accuracy's. Null for
/// the baseline itself and where no run could be paired.
/// </param>
/// <param name="Seeds">Training seeds behind the cell.</param>
public sealed record ResultsCell(ConfidenceInterval? Accuracy, double ConflictIndex,
    double NormalizedConflictIndex, ConfidenceInterval? DifferenceToBaseline, int Seeds);

/// <summary>One configuration (a variant of the method) across task shapes.</summary>
/// <param name="Variant">The configuration's name, e.g. "full".</param>
/// <param name="Cells">Its results by task shape; shapes it was not run at are absent.</param>
public sealed record ResultsRow(string Variant, IReadOnlyDictionary<TaskShape, ResultsCell> Cells);
