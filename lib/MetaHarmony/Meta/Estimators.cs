using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>Chooses the meta-gradient estimator for a device.</summary>
public static class Estimators
{
    /// <summary>
    /// Image side from which Auto keeps the loop on a CPU. Measured on 2 idle cores: at 84x84
    /// the loop took 0.72 to 0.87 of the task workers' time per step and less memory, at 28x28
    /// the workers took 0.83 to 0.95 of the loop's.
    /// </summary>
    public const int LoopFromImageSize = 64;

    /// <summary>
    /// The estimator of <paramref name="kind"/> for meta-batches of <paramref name="tasks"/>.
    /// Auto takes all tasks in one grouped pass on a GPU. On a CPU it runs small images' tasks
    /// side by side when there are at least two tasks and two intra-op threads (small
    /// operations split badly over threads), and the loop from
    /// <see cref="LoopFromImageSize"/> pixels on, whose operations are large enough to split
    /// and whose activations one thread's heap reuses.
    /// </summary>
    public static IMetaGradientEstimator Create(EstimatorKind kind, MetaGradientSettings settings,
        Device device, int tasks)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(device);
        int threads = Runtime.TorchRuntime.EnsureInitialized().Threads;
        if (kind == EstimatorKind.Auto)
        {
            kind = Choose(device.type, settings.Backbone.Shape.ImageSize, tasks, threads);
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

    /// <summary>Auto's choice for a device, an image side, a meta-batch and threads.</summary>
    internal static EstimatorKind Choose(TorchSharp.DeviceType device, long imageSize, int tasks,
        int threads)
    {
        if (device == TorchSharp.DeviceType.CUDA)
        {
            return tasks >= 2 ? EstimatorKind.Grouped : EstimatorKind.Loop;
        }
        bool sideBySide = device == TorchSharp.DeviceType.CPU && Math.Min(tasks, threads) >= 2
            && imageSize < LoopFromImageSize;
        return sideBySide ? EstimatorKind.ParallelTasks : EstimatorKind.Loop;
    }
}
