namespace MetaHarmony.Experiments;

/// <summary>
/// Which run a checkpoint belongs to: its id (readable, in the file name) and the SHA-256 of
/// its configuration (any changed setting changes it), so that a resume with another
/// configuration is refused rather than silently mixed.
/// </summary>
/// <param name="RunId">The run's id in the result store.</param>
/// <param name="ConfigHash">SHA-256 of the configuration's JSON, in hex.</param>
public sealed record CheckpointIdentity(string RunId, string ConfigHash)
{
    /// <summary>The identity of a run of <paramref name="config"/>.</summary>
    public static CheckpointIdentity Of(ExperimentConfig config) =>
        new(ResultStore.RunIdOf(config), ResultStore.ConfigHashOf(config));
}
