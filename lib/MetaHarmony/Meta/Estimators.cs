using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>Chooses the meta-gradient estimator for a device.</summary>
public static class Estimators
{
    /// <summary>
    /// The estimator of <paramref name="kind"/> for meta-batches of <paramref name="tasks"/>.
    /// Auto takes tasks side by side on a CPU when there are at least two tasks and two
    /// intra-op threads, all tasks in one grouped pass on a GPU, else the loop.
    /// </summary>
    public static IMetaGradientEstimator Create(EstimatorKind kind, MetaGradientSettings settings,
        Device device, int tasks)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(device);
        int threads = Runtime.TorchRuntime.EnsureInitialized().Threads;
        int workers = Math.Min(tasks, threads);
        if (kind == EstimatorKind.Auto)
        {
            kind = device.type == TorchSharp.DeviceType.CUDA && tasks >= 2
                ? EstimatorKind.Grouped
                : device.type == TorchSharp.DeviceType.CPU && workers >= 2
                    ? EstimatorKind.ParallelTasks : EstimatorKind.Loop;
        }

        return kind switch
        {
            EstimatorKind.Loop => new TaskLoopEstimator(settings),
            EstimatorKind.Grouped => new GroupedTaskEstimator(settings),
            EstimatorKind.ParallelTasks =>
                new ParallelTaskEstimator(settings, Runtime.TaskWorkers.Shared),
            _ => throw new ArgumentException($"Estimator {kind} is not known.", nameof(kind)),
        };
    }
}
