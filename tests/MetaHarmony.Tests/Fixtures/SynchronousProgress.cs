namespace MetaHarmony.Tests.Fixtures;

/// <summary>An <see cref="IProgress{T}"/> that calls back at once, on the reporting thread
/// (<see cref="Progress{T}"/> posts to a synchronisation context, too late for a test).</summary>
internal sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    public void Report(T value) => report(value);
}
