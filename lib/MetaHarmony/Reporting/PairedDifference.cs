using MetaHarmony.Experiments;
using MetaHarmony.Metrics;

namespace MetaHarmony.Reporting;

/// <summary>
/// Accuracy differences between two runs evaluated on the same episodes. Pairing removes the
/// episode-to-episode variation that both runs share, so the interval of the difference is
/// much narrower than the two accuracy intervals suggest.
/// </summary>
public static class PairedDifference
{
    /// <summary>
    /// Mean of the per-episode differences (<paramref name="run"/> minus
    /// <paramref name="baseline"/>) ± 1.96 sd / √E; null, with the reason in
    /// <paramref name="whyNot"/>, when the two were not evaluated on the same episodes.
    /// </summary>
    public static ConfidenceInterval? TryCompute(RunRecord run, RunRecord baseline,
        out string? whyNot)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(baseline);
        whyNot = Mismatch(run, baseline);
        if (whyNot is not null)
        {
            return null;
        }

        return ConfidenceInterval.Paired(run.Evaluation!.Accuracies,
            baseline.Evaluation!.Accuracies);
    }

    static string? Mismatch(RunRecord run, RunRecord baseline)
    {
        string pair = $"{run.Description.Label} vs {baseline.Description.Label}";
        if (run.Evaluation is null || baseline.Evaluation is null)
        {
            return $"{pair}: not paired, one of them was not evaluated";
        }

        var (ours, theirs) = (run.Evaluation, baseline.Evaluation);
        if (ours.EpisodeSeed != theirs.EpisodeSeed || ours.Split != theirs.Split)
        {
            return $"{pair}: not paired, evaluated on different episodes "
                + $"({ours.Split} seed {ours.EpisodeSeed} vs {theirs.Split} seed "
                + $"{theirs.EpisodeSeed})";
        }
        if (ours.Accuracies.Count != theirs.Accuracies.Count || ours.Accuracies.Count == 0)
        {
            return $"{pair}: not paired, {ours.Accuracies.Count} vs {theirs.Accuracies.Count} "
                + "episodes";
        }
        return null;
    }
}
