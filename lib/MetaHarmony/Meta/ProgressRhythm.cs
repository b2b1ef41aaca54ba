using System.Diagnostics;

namespace MetaHarmony.Meta;

/// <summary>Says when a progress report is due, at most once per interval.</summary>
internal sealed class ProgressRhythm(TimeSpan interval)
{
    readonly Stopwatch clock = Stopwatch.StartNew();
    TimeSpan last = TimeSpan.MinValue;

    public bool Due()
    {
        if (last != TimeSpan.MinValue && clock.Elapsed - last < interval)
        {
            return false;
        }
        last = clock.Elapsed;
        return true;
    }
}
