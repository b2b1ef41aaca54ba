namespace MetaHarmony.Experiments;

/// <summary>
/// Implemented by a configuration whose null settings stand for a value chosen elsewhere (an
/// <see cref="ExperimentPlan"/>'s null dataset is its preset's). A dotted override such as
/// "Dataset.Root=/data/mini" then edits that value instead of failing on the null.
/// </summary>
public interface IOverrideDefaults
{
    /// <summary>
    /// The value a null <paramref name="property"/> stands for, or null where there is none.
    /// </summary>
    object? DefaultFor(string property);
}
