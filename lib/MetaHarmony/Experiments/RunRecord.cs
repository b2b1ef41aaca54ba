namespace MetaHarmony.Experiments;

/// <summary>
/// Everything a finished (or stopped) run leaves behind: what it was, every iteration's log
/// row, and its evaluation. Notebooks, the command line and the result tables consume it.
/// </summary>
/// <param name="RunId">
/// Identifies the run on disk; the same configuration always gets the same id.
/// </param>
/// <param name="Description">The run in a results table's words.</param>
/// <param name="LayerNames">The layers that per-layer columns refer to, in order.</param>
/// <param name="Iterations">One record per meta-iteration, in order.</param>
/// <param name="Evaluation">Meta-test result, or null if the run was not evaluated.</param>
/// <param name="TrainingSeconds">Wall time of training.</param>
/// <param name="Environment">One line on the runtime: backend, device, threads.</param>
public sealed record RunRecord(string RunId, RunDescription Description,
    IReadOnlyList<string> LayerNames, IReadOnlyList<IterationRecord> Iterations,
    EvaluationRecord? Evaluation, double TrainingSeconds, string Environment)
{
    /// <summary>
    /// Mean of <paramref name="select"/> over the last <paramref name="fraction"/> of the
    /// iterations (at least one): how the tables summarise conflict at the end of training.
    /// </summary>
    public double MeanOverLast(Func<IterationRecord, double> select, double fraction = 0.1)
    {
        ArgumentNullException.ThrowIfNull(select);
        if (Iterations.Count == 0)
        {
            return double.NaN;
        }

        int count = Math.Max(1, (int)Math.Round(Iterations.Count * fraction));
        return Iterations.Skip(Iterations.Count - count).Average(select);
    }
}
