namespace MetaHarmony.Meta;

/// <summary>How per-task meta-gradients are computed. All give the same gradients.</summary>
public enum EstimatorKind
{
    /// <summary>
    /// Chosen by device and size: on a GPU all tasks in one pass; on a CPU with several cores
    /// and several tasks, small images' tasks side by side; otherwise the loop (see
    /// <see cref="Estimators.Create"/>).
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
