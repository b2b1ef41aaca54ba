namespace MetaHarmony.Experiments;

/// <summary>A run read back from a <see cref="ResultStore"/>.</summary>
/// <param name="Record">What the run produced.</param>
/// <param name="Config">The configuration it ran.</param>
/// <param name="Folder">Where it is on disk.</param>
public sealed record StoredRun(RunRecord Record, ExperimentConfig Config, string Folder);
