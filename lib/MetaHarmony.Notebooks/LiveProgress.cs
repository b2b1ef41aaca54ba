using System.Diagnostics;
using MetaHarmony.Datasets;
using MetaHarmony.Meta;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Events;
using Microsoft.DotNet.Interactive.Formatting;

namespace MetaHarmony.Notebooks;

/// <summary>
/// Shows training progress in one notebook output that updates in place: pass it wherever
/// the library takes an <see cref="IProgress{T}"/> of <see cref="TrainingProgress"/> or of
/// <see cref="DatasetProgress"/> (rendering or loading a dataset shows as a row of its own).
/// Updates come at most every <see cref="Interval"/>, and always for the last step of a phase;
/// earlier runs stay visible as rows above the current one.
/// </summary>
public sealed class LiveProgress : IProgress<TrainingProgress>, IProgress<DatasetProgress>
{
    readonly Func<ProgressView, Action<ProgressView>> show;
    readonly List<TrainingProgress> finished = [];
    readonly Stopwatch clock = Stopwatch.StartNew();
    readonly Lock gate = new();
    Action<ProgressView>? update;
    TrainingProgress? current;
    TimeSpan lastShown;
    (string Stage, TimeSpan Started) datasetStage = ("", TimeSpan.Zero);

    /// <summary>Displays in the current notebook cell.</summary>
    public LiveProgress() : this(DisplayInCell)
    {
    }

    /// <summary>
    /// Displays through <paramref name="show"/>, which shows the first view and returns how to
    /// update it (for tests and other front ends).
    /// </summary>
    public LiveProgress(Func<ProgressView, Action<ProgressView>> show)
    {
        ArgumentNullException.ThrowIfNull(show);
        this.show = show;
    }

    /// <summary>The least time between two updates of the display.</summary>
    public TimeSpan Interval { get; init; } = TimeSpan.FromSeconds(0.5);

    /// <summary>Shows <paramref name="value"/>, unless the last update was just now.</summary>
    public void Report(TrainingProgress value)
    {
        ArgumentNullException.ThrowIfNull(value);
        lock (gate)
        {
            if (current is not null && (current.Run != value.Run || current.Phase != value.Phase))
            {
                finished.Add(current);
            }
            current = value;

            bool phaseDone = value.Step >= value.Steps;
            if (update is not null && !phaseDone && clock.Elapsed - lastShown < Interval)
            {
                return;
            }

            var view = new ProgressView([.. finished], value);
            if (update is null)
            {
                update = show(view);
            }
            else
            {
                update(view);
            }
            lastShown = clock.Elapsed;
        }
    }

    /// <summary>
    /// Shows a dataset step as a row named "dataset", its stage as the phase; the time left is
    /// extrapolated from the stage's progress so far. The training columns stay empty.
    /// </summary>
    public void Report(DatasetProgress value)
    {
        TimeSpan now;
        lock (gate)
        {
            if (datasetStage.Stage != value.Stage)
            {
                datasetStage = (value.Stage, clock.Elapsed);
            }
            now = clock.Elapsed - datasetStage.Started;
        }

        double fraction = value.Fraction;
        var left = fraction > 0 && fraction < 1
            ? TimeSpan.FromSeconds(now.TotalSeconds * (1 - fraction) / fraction) : TimeSpan.Zero;
        Report(new TrainingProgress("dataset", value.Stage, value.Done, value.Total, double.NaN,
            double.NaN, double.NaN, double.NaN, left));
    }

    /// <summary>
    /// Shows the view under the running cell. The first display is published with the same id
    /// that later updates carry: in this release, <c>Display()</c> announces its value under one
    /// id and updates it under another, so front ends cannot match them.
    /// </summary>
    static Action<ProgressView> DisplayInCell(ProgressView view)
    {
        var formatted = FormattedValue.CreateManyFromObject(view, "text/html", "text/plain");
        var displayed = new DisplayedValue(view, formatted);
        if (KernelInvocationContext.Current is { } context)
        {
            context.Publish(new DisplayedValueProduced(view, context.Command, formatted,
                displayed.DisplayId));
        }
        else
        {
            Console.WriteLine(view.ToString());
        }
        return displayed.Update;
    }
}
