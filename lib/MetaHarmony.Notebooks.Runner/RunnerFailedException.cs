namespace MetaHarmony.Notebooks.Runner;

/// <summary>
/// The runner itself failed while running a notebook, as opposed to one of its cells failing;
/// the message says at which cell, and where the outputs of the cells before it are.
/// </summary>
internal sealed class RunnerFailedException(string message, Exception cause)
    : Exception(message, cause);
