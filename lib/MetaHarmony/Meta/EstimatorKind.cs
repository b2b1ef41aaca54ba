namespace MetaHarmony.Meta;

/// <summary>How per-task meta-gradients are computed. All give the same gradients.</summary>
public enum EstimatorKind
{
    /// <summary>
    /// Chosen by device and size: on a CPU with several cores and several tasks, tasks side by
    /// side; otherwise the loop.
    /// </summary>
    Auto,

    /// <summary>One task after another (<see cref="TaskLoopEstimator"/>).</summary>
    Loop,

    /// <summary>
    /// Tasks side by side on worker threads (<see cref="ParallelTaskEstimator"/>).
    /// </summary>
    ParallelTasks,
}
