using MetaHarmony.Experiments;
using TorchSharp.Modules;
using static TorchSharp.torch.utils;

namespace MetaHarmony.Cli;

/// <summary>
/// TensorBoard event files for a run, written through TorchSharp's SummaryWriter: per
/// meta-iteration the query loss and accuracy, the Gradient Conflict Index (global and
/// normalised), p_exploit and whether the update was harmonized; at the end the test accuracy.
/// Each run writes into a folder of its own (the run id) under the folder given, so that
/// TensorBoard shows the runs of a sweep side by side.
/// </summary>
public sealed class TensorBoardLog
{
    readonly SummaryWriter writer;

    /// <summary>A log for run <paramref name="runId"/> under <paramref name="folder"/>.</summary>
    public TensorBoardLog(string folder, string runId)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ArgumentException.ThrowIfNullOrWhiteSpace(runId);
        Folder = Path.GetFullPath(Path.Combine(folder, runId));
        writer = tensorboard.SummaryWriter(Folder);
    }

    /// <summary>The folder the event files of this run go to.</summary>
    public string Folder { get; }

    /// <summary>Adds one meta-iteration's curves.</summary>
    public void Write(IterationRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        int step = checked((int)record.Iteration);
        Scalar("train/query_loss", record.QueryLoss, step);
        Scalar("train/query_accuracy", record.QueryAccuracy, step);
        Scalar("gci/global", record.ConflictIndex, step);
        Scalar("gci/global_normalized", record.ConflictIndexNormalized, step);
        Scalar("schedule/p_exploit", record.ExploitProbability, step);
        Scalar("schedule/exploit", record.Exploit ? 1 : 0, step);
    }

    /// <summary>Adds the meta-test accuracy and its 95% half-width at the last step.</summary>
    public void Write(EvaluationRecord evaluation, long iterations)
    {
        ArgumentNullException.ThrowIfNull(evaluation);
        int step = checked((int)iterations);
        Scalar("test/accuracy", evaluation.Mean, step);
        Scalar("test/accuracy_ci95", evaluation.HalfWidth, step);
    }

    /// <summary>
    /// SummaryWriter takes the wall time as a float of Unix seconds, which today resolves about
    /// two minutes; the curves themselves are drawn against the exact iteration.
    /// </summary>
    void Scalar(string tag, double value, int step) =>
        writer.add_scalar(tag, (float)value, step,
            walltime: DateTimeOffset.UtcNow.ToUnixTimeSeconds());
}
