using System.Diagnostics;
using MetaHarmony.Datasets;
using MetaHarmony.Meta;

namespace MetaHarmony.Cli;

/// <summary>
/// Renders the library's progress reports for a shell. On a terminal: one line that updates in
/// place, with a bar, iteration, loss, accuracy, GCI, seconds per iteration and time left. In a
/// log (CI, Slurm): a plain line at most every <see cref="Interval"/>, and always the last one
/// of a phase. Notices (checkpoints, skipped images) get a line of their own in both.
/// </summary>
public sealed class ConsoleProgress : IProgress<TrainingProgress>, IProgress<DatasetProgress>,
    IProgress<string>
{
    const int BarWidth = 24;
    readonly TextWriter output;
    readonly bool interactive;
    readonly int width;
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Lock gate = new();
    string? phase;
    TimeSpan lastLine = TimeSpan.MinValue;
    string shown = "";

    /// <summary>Progress on <paramref name="output"/>.</summary>
    /// <param name="output">Where to write.</param>
    /// <param name="interactive">A terminal: update one line in place.</param>
    /// <param name="width">The terminal's width, for the updating line.</param>
    public ConsoleProgress(TextWriter output, bool interactive, int width = 100)
    {
        this.output = output ?? throw new ArgumentNullException(nameof(output));
        this.interactive = interactive;
        this.width = Math.Max(40, width);
    }

    /// <summary>The least time between two plain lines of the same phase.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Shows training or evaluation progress.</summary>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        string key = $"{value.Run}/{value.Phase}";
        bool last = value.Step >= value.Steps;
        // The bar leaves out the run's name (the line above it says which run this is), so
        // that the numbers fit a terminal's width.
        Show(key, last, Bar(value.Fraction) + " " + Line(value with { Run = "" }), Line(value));
    }

    /// <summary>
    /// "full 5-way 1-shot seed 0 | train 120/300 | loss 1.234 | acc 45.6% | GCI 0.12 |
    /// 0.150 s/it | 00:00:27 left"; values a phase does not have (evaluation has no loss or
    /// GCI) are left out, and the time left counts hours past a day.
    /// </summary>
    public static string Line(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var parts = new List<string> { value.Run, $"{value.Phase} {value.Step}/{value.Steps}" };
        if (double.IsFinite(value.QueryLoss))
        {
            parts.Add($"loss {value.QueryLoss:F3}");
        }
        if (double.IsFinite(value.QueryAccuracy))
        {
            parts.Add($"acc {value.QueryAccuracy:P1}");
        }
        if (double.IsFinite(value.ConflictIndex))
        {
            parts.Add($"GCI {value.ConflictIndex:G3}");
        }
        string unit = value.Phase == "train" ? "it" : "episode";
        parts.Add($"{value.SecondsPerStep:F3} s/{unit}");
        parts.Add($"{(long)value.Remaining.TotalHours:D2}:{value.Remaining:mm\\:ss} left");
        return string.Join(" | ", parts.Where(p => p.Length > 0));
    }

    /// <summary>Shows dataset rendering, decoding or loading progress.</summary>
    public void Report(DatasetProgress value)
    {
        bool last = value.Done >= value.Total;
        Show("dataset/" + value.Stage, last, Bar(value.Fraction) + " " + value,
            value.ToString());
    }

    /// <summary>Writes a notice on a line of its own, keeping the progress line below it.</summary>
    public void Report(string value)
    {
        lock (gate)
        {
            if (interactive && shown.Length > 0)
            {
                output.Write('\r' + new string(' ', shown.Length) + '\r');
                output.WriteLine(value);
                output.Write(shown);
            }
            else
            {
                output.WriteLine(value);
            }
            output.Flush();
        }
    }

    /// <summary>Ends the updating line, so that what follows starts on a fresh one.</summary>
    public void Finish()
    {
        lock (gate)
        {
            if (interactive && shown.Length > 0)
            {
                output.WriteLine();
            }
            shown = "";
            phase = null;
        }
    }

    void Show(string key, bool last, string barLine, string plainLine)
    {
        lock (gate)
        {
            bool newPhase = key != phase;
            if (interactive)
            {
                if (newPhase && shown.Length > 0)
                {
                    output.WriteLine();
                }
                string line = barLine.Length > width - 1 ? barLine[..(width - 1)] : barLine;
                output.Write('\r' + line.PadRight(shown.Length));
                shown = line;
                if (last)
                {
                    output.WriteLine();
                    shown = "";
                }
            }
            else if (newPhase || last || clock.Elapsed - lastLine >= Interval)
            {
                output.WriteLine(plainLine);
                lastLine = clock.Elapsed;
            }
            phase = last ? null : key;
            output.Flush();
        }
    }

    static string Bar(double fraction)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        return $"[{new string('#', filled)}{new string('-', BarWidth - filled)}] "
            + $"{fraction,5:P0}";
    }
}
