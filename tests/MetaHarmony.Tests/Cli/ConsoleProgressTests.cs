using MetaHarmony.Cli;
using MetaHarmony.Datasets;
using MetaHarmony.Meta;

namespace MetaHarmony.Tests.Cli;

/// <summary>A bar updated in place on a terminal, plain periodic lines in a log.</summary>
public sealed class ConsoleProgressTests
{
    static TrainingProgress Train(long step, long steps = 100) =>
        new("full 5-way 1-shot seed 0", "train", step, steps, 1.2346, 0.456, 0.12, 0.25,
            TimeSpan.FromSeconds(0.25 * (steps - step)));

    [Fact]
    public void ATerminalGetsOneLineUpdatedInPlaceWithABar()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: true, width: 200);

        progress.Report(Train(25));
        progress.Report(Train(50));
        progress.Report("checkpoint at iteration 50 written to x.ckpt");
        progress.Report(Train(100));

        string text = output.ToString();
        Assert.Contains("\r[######------------------]  25 %", text, StringComparison.Ordinal);
        Assert.Contains("\r[############------------]  50 %", text, StringComparison.Ordinal);
        Assert.Contains("]  50 % train 50/100 | loss 1.235 | acc 45.6", text,
            StringComparison.Ordinal);

        // The notice gets a line of its own and the bar is drawn again below it.
        int notice = text.IndexOf("checkpoint at iteration 50", StringComparison.Ordinal);
        Assert.Contains("train 50/100", text[notice..], StringComparison.Ordinal);
        Assert.EndsWith("00:00 left" + Environment.NewLine, text, StringComparison.Ordinal);
        Assert.Single(text.Split(Environment.NewLine), l => l.Contains("train 100/100",
            StringComparison.Ordinal));
    }

    [Fact]
    public void ALogGetsPlainLinesAtItsIntervalAndTheLastOneOfEachPhase()
    {
        var output = new StringWriter();
        var progress = new ConsoleProgress(output, interactive: false)
        {
            Interval = TimeSpan.FromHours(1),
        };

        progress.Report(new DatasetProgress("rendering kanji", 10, 100));
        progress.Report(new DatasetProgress("rendering kanji", 50, 100));
        progress.Report(new DatasetProgress("rendering kanji", 100, 100));
        for (int step = 1; step <= 100; step++)
        {
            progress.Report(Train(step));
        }
        progress.Report(new TrainingProgress("full 5-way 1-shot seed 0", "evaluate", 10, 10,
            double.NaN, 0.5, double.NaN, 0.01, TimeSpan.Zero));

        var lines = output.ToString().Split(Environment.NewLine,
            StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(
        [
            "rendering kanji: 10 / 100 (10 %)",
            "rendering kanji: 100 / 100 (100 %)",
            "full 5-way 1-shot seed 0 | train 1/100 | loss 1.235 | acc 45.6 % | GCI 0.12 | "
                + "0.250 s/it | 00:00:24 left",
            "full 5-way 1-shot seed 0 | train 100/100 | loss 1.235 | acc 45.6 % | GCI 0.12 | "
                + "0.250 s/it | 00:00:00 left",
            "full 5-way 1-shot seed 0 | evaluate 10/10 | acc 50.0 % | 0.010 s/episode | "
                + "00:00:00 left",
        ], lines);
        Assert.DoesNotContain('\r', output.ToString());
    }

    [Fact]
    public void TimeLeftCountsHoursPastADay()
    {
        var progress = Train(1, 60_000) with { Remaining = TimeSpan.FromHours(30.5) };

        Assert.EndsWith("| 30:30:00 left", ConsoleProgress.Line(progress),
            StringComparison.Ordinal);
    }
}
