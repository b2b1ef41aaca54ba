using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Tests.Meta;

/// <summary>The meta-gradient against independent computations.</summary>
public sealed class MetaGradientTests
{
    const double Alpha = 0.4;
    const int Steps = 2;

    public MetaGradientTests() => TorchRuntime.EnsureInitialized();

    static MetaGradientSettings Settings(IBackbone backbone, Adaptation adaptation) =>
        new(backbone, backbone.Layout, Steps, Alpha, adaptation);

    /// <summary>
    /// The query loss after adaptation, as a plain function of theta (no meta code).
    /// </summary>
    static double MetaLoss(IBackbone backbone, IReadOnlyList<Tensor> theta, Episode episode)
    {
        using var scope = NewDisposeScope();
        var fast = theta.Select(t => t.detach().requires_grad_(true)).ToList();
        for (int s = 0; s < Steps; s++)
        {
            var loss = F.cross_entropy(backbone.Forward(episode.SupportImages, fast),
                episode.SupportLabels);
            var grads = torch.autograd.grad([loss], fast);
            fast = fast.Zip(grads, (w, g) => (w - Alpha * g).detach().requires_grad_(true))
                .ToList();
        }
        using var noGrad = no_grad();
        return F.cross_entropy(backbone.Forward(episode.QueryImages, fast), episode.QueryLabels)
            .item<double>();
    }

    static double[] Flatten(IEnumerable<Tensor> tensors) =>
        tensors.SelectMany(t => t.detach().flatten().data<double>().ToArray()).ToArray();

    static double RelativeError(double[] a, double[] b) =>
        Math.Sqrt(a.Zip(b, (x, y) => (x - y) * (x - y)).Sum())
        / Math.Sqrt(b.Sum(y => y * y));

    [Fact]
    public void SecondOrderMatchesCentralFiniteDifferences()
    {
        var backbone = TinyTasks.SmoothConv4();
        var theta = TinyTasks.Parameters(backbone, seed: 1);
        using var episode = TinyTasks.RandomEpisode(backbone, shots: 2, queries: 3, seed: 2);

        var (gradients, _, _) = TaskMetaGradient.Compute(
            Settings(backbone, Adaptation.SecondOrder), theta, episode);
        double[] analytic = Flatten(gradients);

        const double h = 1e-6;
        var numeric = new List<double>();
        var values = theta.Select(t => t.detach().clone()).ToList();
        for (int p = 0; p < values.Count; p++)
        {
            var flat = values[p].view(-1);
            for (long i = 0; i < flat.shape[0]; i++)
            {
                double original = flat[i].item<double>();
                flat[i] = original + h;
                double up = MetaLoss(backbone, values, episode);
                flat[i] = original - h;
                double down = MetaLoss(backbone, values, episode);
                flat[i] = original;
                numeric.Add((up - down) / (2 * h));
            }
        }

        double error = RelativeError(analytic, numeric.ToArray());
        Assert.True(error < 1e-5, $"relative error {error:E2} against finite differences");
    }

    [Fact]
    public void FirstOrderMeasurablyDiffersFromSecondOrder()
    {
        var backbone = TinyTasks.SmoothConv4();
        var theta = TinyTasks.Parameters(backbone, seed: 3);
        using var episode = TinyTasks.RandomEpisode(backbone, shots: 2, queries: 3, seed: 4);

        double[] second = Flatten(TaskMetaGradient.Compute(
            Settings(backbone, Adaptation.SecondOrder), theta, episode).Gradients);
        double[] first = Flatten(TaskMetaGradient.Compute(
            Settings(backbone, Adaptation.FirstOrder), theta, episode).Gradients);

        double difference = RelativeError(first, second);
        Assert.True(difference > 1e-2, $"first order is only {difference:E2} off second order");
    }

    [Fact]
    public void FirstOrderIsTheQueryGradientAtTheAdaptedWeights()
    {
        var backbone = TinyTasks.SmoothConv4();
        var theta = TinyTasks.Parameters(backbone, seed: 5);
        using var episode = TinyTasks.RandomEpisode(backbone, shots: 1, queries: 2, seed: 6);

        var adapted = InnerLoop.Adapt(backbone, theta, episode.SupportImages,
            episode.SupportLabels, Steps, Alpha, keepGraph: false);
        var queryLoss = F.cross_entropy(backbone.Forward(episode.QueryImages, adapted),
            episode.QueryLabels);
        var expected = torch.autograd.grad([queryLoss], adapted.ToList());
        var actual = TaskMetaGradient.Compute(
            Settings(backbone, Adaptation.FirstOrder), theta, episode).Gradients;

        Assert.Equal(Flatten(expected), Flatten(actual));
    }

    [Fact]
    public void TheLoopKeepsEachTasksGradientApart()
    {
        var backbone = TinyTasks.SmoothConv4();
        var theta = TinyTasks.Parameters(backbone, seed: 7);
        var episodes = Enumerable.Range(0, 3)
            .Select(i => TinyTasks.RandomEpisode(backbone, 1, 2, seed: 10 + i)).ToList();
        var settings = Settings(backbone, Adaptation.SecondOrder);

        using var outcomes = new TaskLoopEstimator(settings).Estimate(theta, episodes);

        Assert.Equal(3, outcomes.Gradients.Tasks);
        for (int i = 0; i < episodes.Count; i++)
        {
            var alone = Flatten(TaskMetaGradient.Compute(settings, theta, episodes[i]).Gradients);
            var row = Flatten(outcomes.Gradients.Layers.Select(l => l[i]));
            Assert.Equal(alone, row);
        }
        Assert.Equal([3L], outcomes.QueryLosses.shape);
        var accuracies = outcomes.QueryAccuracies.data<double>().ToArray();
        Assert.All(accuracies, a => Assert.InRange(a, 0, 1));
    }

    [Fact]
    public void BFloat16ConvolutionsKeepTheMetaGradientsDirection()
    {
        var shape = new BackboneShape(3, 32, 5);
        var full = new Conv4(shape, new Conv4Options { Filters = 16 });
        var low = new Conv4(shape, new Conv4Options
        {
            Filters = 16, Precision = ComputePrecision.BFloat16,
        });
        var theta = TinyTasks.Parameters(full, seed: 8, ScalarType.Float32);
        using var episode = TinyTasks.RandomEpisode(full, 2, 3, seed: 9, ScalarType.Float32);

        // The paper's step size; bfloat16 keeps about three significant digits.
        var exact = TaskMetaGradient.Compute(new(full, full.Layout, 5, 0.01,
            Adaptation.SecondOrder), theta, episode).Gradients;
        var approximate = TaskMetaGradient.Compute(new(low, low.Layout, 5, 0.01,
            Adaptation.SecondOrder), theta, episode).Gradients;

        Assert.All(approximate, g => Assert.Equal(ScalarType.Float32, g.dtype));
        double[] a = Flatten(approximate.Select(g => g.to(ScalarType.Float64)));
        double[] b = Flatten(exact.Select(g => g.to(ScalarType.Float64)));
        double cosine = a.Zip(b, (x, y) => x * y).Sum()
            / Math.Sqrt(a.Sum(x => x * x) * b.Sum(y => y * y));

        // Measured: 28% relative error, cosine 0.96. The second-order terms amplify
        // bfloat16's rounding, so the direction survives better than the values.
        Assert.True(RelativeError(a, b) > 1e-6, "bfloat16 was not used");
        Assert.True(cosine > 0.9, $"cosine {cosine:F3} between bfloat16 and float32");
    }
}
