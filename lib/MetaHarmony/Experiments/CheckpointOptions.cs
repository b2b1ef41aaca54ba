namespace MetaHarmony.Experiments;

/// <summary>
/// When a run writes checkpoints and whether it continues from one. A checkpoint is always
/// written when training is stopped (cancelled) and when it ends, and every
/// <see cref="Every"/> iterations in between.
/// </summary>
public sealed record CheckpointOptions
{
    /// <summary>Iterations between checkpoints; 0 for only on a stop and at the end.</summary>
    public int Every { get; init; } = 500;

    /// <summary>
    /// Continue from the run's checkpoint when there is one (otherwise start at iteration 0).
    /// Without it, an existing checkpoint is an error unless the runner retrains.
    /// </summary>
    public bool Resume { get; init; }

    /// <summary>Where checkpoints go; null for "checkpoints" in the result store.</summary>
    public string? Folder { get; init; }

    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public CheckpointOptions Validate()
    {
        if (Every < 0)
        {
            throw new ArgumentException(
                $"Every = {Every}: use 0 (only on a stop and at the end) or a positive count.",
                nameof(Every));
        }
        return this;
    }
}
