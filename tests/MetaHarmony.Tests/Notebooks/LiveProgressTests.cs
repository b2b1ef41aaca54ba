using MetaHarmony.Datasets;
using MetaHarmony.Meta;
using MetaHarmony.Notebooks;

namespace MetaHarmony.Tests.Notebooks;

public sealed class LiveProgressTests
{
    static TrainingProgress Step(string run, long step, long steps = 100) =>
        new(run, "train", step, steps, 1.5, 0.4, 0.2, 0.05, TimeSpan.FromSeconds(steps - step));

    [Fact]
    public void ShowsOnceThenUpdatesTheSameDisplay()
    {
        var shown = new List<ProgressView>();
        var updates = new List<ProgressView>();
        var progress = new LiveProgress(view =>
        {
            shown.Add(view);
            return updates.Add;
        }) { Interval = TimeSpan.Zero };

        progress.Report(Step("maml", 1));
        progress.Report(Step("maml", 2));
        progress.Report(Step("maml", 3));

        Assert.Single(shown);
        Assert.Equal([2L, 3L], updates.Select(v => v.Current.Step));
    }

    [Fact]
    public void SkipsReportsThatComeTooSoonButNeverTheLastStep()
    {
        var updates = new List<ProgressView>();
        var progress = new LiveProgress(_ => updates.Add) { Interval = TimeSpan.FromHours(1) };

        for (int step = 1; step <= 100; step++)
        {
            progress.Report(Step("maml", step));
        }

        Assert.Equal([100L], updates.Select(v => v.Current.Step));
    }

    [Fact]
    public void KeepsFinishedRunsAboveTheCurrentOne()
    {
        ProgressView? last = null;
        var progress = new LiveProgress(_ => view => last = view) { Interval = TimeSpan.Zero };

        progress.Report(Step("maml", 100));
        progress.Report(Step("full", 1));
        progress.Report(Step("full", 2));

        Assert.Equal(["maml"], last!.Finished.Select(p => p.Run));
        Assert.Equal("full", last.Current.Run);
        string html = last.ToHtml();
        Assert.Contains("<progress max=\"1\" value=\"0.0200\"", html, StringComparison.Ordinal);
        Assert.Contains("<td>100/100</td>", html, StringComparison.Ordinal);
        Assert.Equal(2, last.ToString().Split('\n').Length);
    }

    [Fact]
    public void ShowsDatasetStepsAsARowWithoutTrainingValues()
    {
        ProgressView? last = null;
        var progress = new LiveProgress(_ => view => last = view) { Interval = TimeSpan.Zero };

        ((IProgress<DatasetProgress>)progress).Report(new("rendering kanji", 20, 80));
        ((IProgress<DatasetProgress>)progress).Report(new("rendering kanji", 80, 80));
        progress.Report(Step("maml", 1));

        var dataset = Assert.Single(last!.Finished);
        Assert.Equal(("dataset", "rendering kanji", 80L, 80L),
            (dataset.Run, dataset.Phase, dataset.Step, dataset.Steps));
        string line = last.ToString().Split('\n')[0];
        Assert.StartsWith("dataset | rendering kanji 80/80 | time left ", line,
            StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", last.ToHtml(), StringComparison.Ordinal);
        Assert.DoesNotContain("loss", line, StringComparison.Ordinal);
    }
}
