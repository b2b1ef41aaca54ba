using System.Diagnostics;
using MetaHarmony.Episodes;
using MetaHarmony.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// Meta-test: for each of E fixed episodes, adapt a copy of the meta-parameters to the support
/// set with k_test inner steps, then measure query accuracy. The meta-parameters never change.
/// </summary>
/// <param name="backbone">The network as a function of its weights.</param>
/// <param name="innerSteps">k_test: inner steps at evaluation (10 in the published setup).</param>
/// <param name="stepSize">alpha: the inner learning rate.</param>
public sealed class Evaluator(IBackbone backbone, int innerSteps, double stepSize)
{
    const int ReportEvery = 25;

    /// <summary>Query accuracy of every episode, in [0, 1], in episode order.</summary>
    /// <param name="parameters">The meta-parameters to evaluate.</param>
    /// <param name="episodes">E: how many episodes.</param>
    /// <param name="episodeAt">Episode number i, always the same for the same i.</param>
    /// <param name="progress">Receives a report every few episodes; may be null.</param>
    /// <param name="label">Names the run in progress reports.</param>
    /// <param name="cancellation">Stops between episodes.</param>
    public double[] Accuracies(IReadOnlyList<Tensor> parameters, int episodes,
        Func<int, Episode> episodeAt, IProgress<TrainingProgress>? progress = null,
        string label = "", CancellationToken cancellation = default)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(episodeAt);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(episodes);

        var accuracies = new double[episodes];
        var pending = new List<Tensor>(ReportEvery);
        var clock = Stopwatch.StartNew();
        for (int e = 0; e < episodes; e++)
        {
            cancellation.ThrowIfCancellationRequested();
            using (var scope = torch.NewDisposeScope())
            {
                using var episode = episodeAt(e);
                pending.Add(Accuracy(parameters, episode).MoveToOuterDisposeScope());
            }

            // Reading accuracies back in batches keeps the device busy between reads.
            if (pending.Count == ReportEvery || e == episodes - 1)
            {
                using var batch = stack(pending).to(ScalarType.Float64).cpu();
                batch.data<double>().ToArray().CopyTo(accuracies, e + 1 - pending.Count);
                pending.ForEach(t => t.Dispose());
                pending.Clear();
                Report(progress, label, e + 1, episodes, accuracies, clock.Elapsed);
            }
        }
        return accuracies;
    }

    Tensor Accuracy(IReadOnlyList<Tensor> parameters, Episode episode)
    {
        var fast = InnerLoop.Adapt(backbone, parameters, episode.SupportImages,
            episode.SupportLabels, innerSteps, stepSize, keepGraph: false);
        using var noGrad = no_grad();
        var logits = backbone.Forward(episode.QueryImages, fast);
        return logits.argmax(1).eq(episode.QueryLabels).to(ScalarType.Float32).mean();
    }

    static void Report(IProgress<TrainingProgress>? progress, string label, int done, int total,
        double[] accuracies, TimeSpan elapsed)
    {
        if (progress is null)
        {
            return;
        }

        double perEpisode = elapsed.TotalSeconds / done;
        progress.Report(new TrainingProgress(label, "evaluate", done, total, double.NaN,
            accuracies.Take(done).Average(), double.NaN, perEpisode,
            TimeSpan.FromSeconds(perEpisode * (total - done))));
    }
}
