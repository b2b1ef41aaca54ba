namespace MetaHarmony.Meta;

/// <summary>How per-task meta-gradients are computed. All give the same gradients.</summary>
public enum EstimatorKind
{
    /// <summary>
    /// Chosen by device and size: on a CPU with several cores and several tasks, tasks side by
    /// side; on a GPU, all tasks in one pass; otherwise the loop.
    /// </summary>
    Auto,

    /// <summary>One task after another (<see cref="TaskLoopEstimator"/>).</summary>
    Loop,

    /// <summary>
    /// Tasks side by side on worker threads (<see cref="ParallelTaskEstimator"/>).
    /// </summary>
    ParallelTasks,

    /// <summary>
    /// All tasks in one pass with grouped convolutions (<see cref="GroupedTaskEstimator"/>).
    /// </summary>
    Grouped,
}
