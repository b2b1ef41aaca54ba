namespace MetaHarmony.Meta;

/// <summary>How per-task meta-gradients are computed. All give the same gradients.</summary>
public enum EstimatorKind
{
    /// <summary>Chosen by device and size.</summary>
    Auto,

    /// <summary>One task after another (<see cref="TaskLoopEstimator"/>).</summary>
    Loop,
}
