using System.Diagnostics;
using MetaHarmony.Episodes;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
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
/// <param name="workers">
/// Evaluates episodes side by side on these threads; null evaluates them one by one.
/// </param>
public sealed class Evaluator(IBackbone backbone, int innerSteps, double stepSize,
    TaskWorkers? workers = null)
{
    const int ReportEvery = 25;

    /// <summary>Query accuracy of every episode, in [0, 1], in episode order.</summary>
    /// <param name="parameters">The meta-parameters to evaluate.</param>
    /// <param name="episodes">E: how many episodes.</param>
    /// <param name="episodeAt">
    /// Episode number i, always the same for the same i; the evaluator disposes it when done.
    /// </param>
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
        var clock = Stopwatch.StartNew();
        for (int start = 0; start < episodes; start += ReportEvery)
        {
            cancellation.ThrowIfCancellationRequested();
            int count = Math.Min(ReportEvery, episodes - start);
            if (workers is null)
            {
                EvaluateRange(parameters, episodeAt, accuracies, start, count);
            }
            else
            {
                workers.Run(count, k => EvaluateRange(parameters, episodeAt, accuracies,
                    start + k, 1));
            }
            Report(progress, label, start + count, episodes, accuracies, clock.Elapsed);
        }
        return accuracies;
    }

    /// <summary>Evaluates episodes start..start+count-1 into their slots.</summary>
    void EvaluateRange(IReadOnlyList<Tensor> parameters, Func<int, Episode> episodeAt,
        double[] accuracies, int start, int count)
    {
        using var scope = torch.NewDisposeScope();
        var results = new List<Tensor>(count);
        for (int e = start; e < start + count; e++)
        {
            using var episode = episodeAt(e);
            results.Add(Accuracy(parameters, episode));
        }

        // One read per range keeps the device busy between reads.
        stack(results).to(ScalarType.Float64).cpu().data<double>().ToArray()
            .CopyTo(accuracies, start);
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
