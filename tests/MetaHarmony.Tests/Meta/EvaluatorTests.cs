using MetaHarmony.Meta;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Meta;

public sealed class EvaluatorTests
{
    public EvaluatorTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void WithoutInnerStepsItIsThePlainQueryAccuracyOfEachEpisode()
    {
        var backbone = TinyTasks.SmoothConv4(ways: 3);
        var theta = TinyTasks.Parameters(backbone, seed: 1, ScalarType.Float32);
        // The evaluator disposes each episode it is given, so every call makes a fresh one.
        MetaHarmony.Episodes.Episode EpisodeAt(int i) =>
            TinyTasks.RandomEpisode(backbone, 1, 4, seed: i, ScalarType.Float32);

        var accuracies = new Evaluator(backbone, innerSteps: 0, stepSize: 0.1)
            .Accuracies(theta, 30, EpisodeAt);

        var expected = Enumerable.Range(0, 30).Select(EpisodeAt).Select(e =>
        {
            using var logits = backbone.Forward(e.QueryImages, theta);
            var predicted = logits.argmax(1).data<long>().ToArray();
            var labels = e.QueryLabels.data<long>().ToArray();
            return predicted.Zip(labels).Count(p => p.First == p.Second) / (double)labels.Length;
        });
        Assert.Equal(expected, accuracies, (a, b) => Math.Abs(a - b) < 1e-6);
    }

    [Fact]
    public void AdaptationHelpsAndLeavesTheMetaParametersAlone()
    {
        var backbone = TinyTasks.SmoothConv4(ways: 3);
        var theta = TinyTasks.Parameters(backbone, seed: 2, ScalarType.Float32);
        var before = theta.Select(t => t.detach().clone()).ToList();

        // Support and query are the same images, so adapting to the support must raise accuracy.
        MetaHarmony.Episodes.Episode Same(int i)
        {
            var e = TinyTasks.RandomEpisode(backbone, 3, 3, seed: 100 + i, ScalarType.Float32);
            return e with { QueryImages = e.SupportImages, QueryLabels = e.SupportLabels };
        }
        double none = new Evaluator(backbone, 0, 0.5).Accuracies(theta, 20, Same).Average();
        double adapted = new Evaluator(backbone, 10, 0.5).Accuracies(theta, 20, Same).Average();

        Assert.True(adapted > none + 0.2, $"{none:P0} without, {adapted:P0} with adaptation");
        Assert.All(theta.Zip(before), p => Assert.True(p.First.eq(p.Second).all().item<bool>()));
    }
}
