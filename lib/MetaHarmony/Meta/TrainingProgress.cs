namespace MetaHarmony.Meta;

/// <summary>
/// A progress report for a live display: the library never writes to the console, it hands
/// these to an <see cref="IProgress{T}"/> that a notebook or the command line renders.
/// </summary>
/// <param name="Run">A label of the run, e.g. "softmax-attention 5-way 1-shot seed 0".</param>
/// <param name="Phase">"train" or "evaluate".</param>
/// <param name="Step">Iterations (or evaluation episodes) done so far.</param>
/// <param name="Steps">Iterations (or episodes) in total.</param>
/// <param name="QueryLoss">Mean query loss after adaptation, recent iterations.</param>
/// <param name="QueryAccuracy">Mean query accuracy after adaptation, recent iterations.</param>
/// <param name="ConflictIndex">The Gradient Conflict Index of the last iteration.</param>
/// <param name="SecondsPerStep">Mean wall time per iteration (or episode), recent ones.</param>
/// <param name="Remaining">Estimated time left in this phase.</param>
public sealed record TrainingProgress(string Run, string Phase, long Step, long Steps,
    double QueryLoss, double QueryAccuracy, double ConflictIndex, double SecondsPerStep,
    TimeSpan Remaining)
{
    /// <summary>Fraction done, in [0, 1].</summary>
    public double Fraction => Steps == 0 ? 1 : (double)Step / Steps;

    /// <summary>
    /// One plain line for logs: "train 120/300 loss 1.234 acc 45.6% GCI 0.12 ...".
    /// </summary>
    public override string ToString() =>
        $"{Run} | {Phase} {Step}/{Steps} | loss {QueryLoss:F3} | acc {QueryAccuracy:P1} | "
        + $"GCI {ConflictIndex:G3} | {SecondsPerStep:F3} s/it | {Remaining:hh\\:mm\\:ss} left";
}
