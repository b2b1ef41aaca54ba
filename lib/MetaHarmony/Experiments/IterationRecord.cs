namespace MetaHarmony.Experiments;

/// <summary>One meta-iteration as the log keeps it: one row of the training table.</summary>
/// <param name="Iteration">The meta-iteration, from 0.</param>
/// <param name="Epoch">Fractional epoch: iteration / iterations per epoch.</param>
/// <param name="QueryLoss">Mean over the meta-batch of the query loss after adaptation.</param>
/// <param name="QueryAccuracy">Mean over the meta-batch of the query accuracy, in [0, 1].</param>
/// <param name="ConflictIndex">
/// Gradient Conflict Index of the whole model, before aggregation.
/// </param>
/// <param name="ConflictIndexNormalized">The index divided by the sum of gradient norms.</param>
/// <param name="LayerConflictIndex">Gradient Conflict Index per layer.</param>
/// <param name="LayerConflictIndexNormalized">Normalised index per layer.</param>
/// <param name="Exploit">True when the update was harmonized, false for a plain mean.</param>
/// <param name="ExploitProbability">p_exploit at this iteration.</param>
/// <param name="TaskWeights">
/// [layer][task] weights the aggregator gave each task, or null when it has none.
/// </param>
/// <param name="Seconds">Wall time of the iteration.</param>
public sealed record IterationRecord(long Iteration, double Epoch, double QueryLoss,
    double QueryAccuracy, double ConflictIndex, double ConflictIndexNormalized,
    IReadOnlyList<double> LayerConflictIndex, IReadOnlyList<double> LayerConflictIndexNormalized,
    bool Exploit, double ExploitProbability, IReadOnlyList<IReadOnlyList<double>>? TaskWeights,
    double Seconds);
