using MetaHarmony.Aggregation;
using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Experiments;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Meta;

/// <summary>The outer loop on a synthetic task the test builds.</summary>
public sealed class MetaTrainerTests : IDisposable
{
    readonly ImageSplit split;
    readonly EpisodeSampler sampler;

    public MetaTrainerTests()
    {
        TorchRuntime.EnsureInitialized();
        split = TinyTasks.PatternSplit(classes: 20, imagesPerClass: 10, side: 16, seed: 5);
        sampler = new EpisodeSampler(split, Config(0).EpisodeOptions, seed: 3);
    }

    public void Dispose()
    {
        sampler.Dispose();
        split.Dispose();
    }

    /// <summary>A small but real configuration: second order, softmax attention with EE.</summary>
    internal static ExperimentConfig Config(long seed, int iterations = 10) =>
        Presets.Get(Presets.Smoke, 1) with
        {
            Seed = seed,
            Queries = 5,
            MetaBatchSize = 3,
            InnerSteps = 1,
            InnerStepSize = 0.4,
            MetaStepSize = 0.005,
            Adaptation = Adaptation.SecondOrder,
            Iterations = iterations,
            EvaluationEpisodes = 20,
            Schedule = new MetaHarmony.Schedules.ExploreExploitOptions
            {
                IterationsPerEpoch = Math.Max(1, iterations / 6), TransitionEpoch = 2,
            },
        };

    MetaTrainer Trainer(ExperimentConfig config, EpisodeSampler? episodes = null)
    {
        var source = episodes ?? sampler;
        return new MetaTrainer(config, new BackboneShape(1, 16, config.Ways),
            i => source.SampleMetaBatch(i, config.MetaBatchSize));
    }

    static float[] Flat(IEnumerable<Tensor> tensors) =>
        tensors.SelectMany(t => t.detach().cpu().flatten().data<float>().ToArray()).ToArray();

    [Theory]
    [InlineData(Adaptation.SecondOrder, ActivationLayout.Contiguous)]
    [InlineData(Adaptation.FirstOrder, ActivationLayout.Auto)]
    public void OnlySecondOrdersInnerLoopLeavesTheAutomaticLayout(Adaptation adaptation,
        ActivationLayout innerLoop)
    {
        using var trainer = Trainer(Config(seed: 1) with { Adaptation = adaptation });

        // The query pass and evaluation are differentiated once in either order.
        Assert.Equal(innerLoop, ((Conv4)trainer.Backbone).Options.Layout);
        Assert.Equal(ActivationLayout.Auto, ((Conv4)trainer.QueryBackbone).Options.Layout);
    }

    [Fact]
    public void TheSameSeedGivesBitIdenticalParameters()
    {
        using var first = Trainer(Config(seed: 1));
        using var second = Trainer(Config(seed: 1));
        using var other = Trainer(Config(seed: 2));
        first.Train();
        second.Train();
        other.Train();

        Assert.Equal(Flat(first.Parameters), Flat(second.Parameters));
        Assert.NotEqual(Flat(first.Parameters), Flat(other.Parameters));
        Assert.Equal(first.Log.Select(r => r.QueryLoss), second.Log.Select(r => r.QueryLoss));
    }

    [Theory]
    [InlineData(AggregatorKind.Mean)]
    [InlineData(AggregatorKind.SoftmaxAttention)]
    public void ThreeHundredIterationsLearnTheTask(AggregatorKind aggregator)
    {
        var config = Config(seed: 0, iterations: 300) with
        {
            Aggregator = new AggregatorOptions { Kind = aggregator },
        };
        using var trainer = Trainer(config);
        using var test = new EpisodeSampler(split, config.EpisodeOptions, seed: 99);

        double before = trainer.Evaluate(test.SampleEvaluation).Average();
        trainer.Train();
        double after = trainer.Evaluate(test.SampleEvaluation).Average();

        // Chance is 20% in 5-way; the patterns are easy once meta-learned.
        Assert.True(after > 0.6, $"{aggregator}: accuracy {after:P1} after training");
        Assert.True(after > before + 0.2, $"{aggregator}: {before:P1} before, {after:P1} after");
        Assert.True(trainer.Log.TakeLast(30).Average(r => r.QueryAccuracy) > 0.6);
    }

    [Fact]
    public void TheLogRecordsEveryIterationAndTheScheduleIsFollowed()
    {
        var config = Config(seed: 4, iterations: 24);
        using var trainer = Trainer(config);
        trainer.Train();

        Assert.Equal(Enumerable.Range(0, 24).Select(i => (long)i),
            trainer.Log.Select(r => r.Iteration));
        Assert.False(trainer.Log[0].Exploit);
        Assert.True(trainer.Log[^1].Exploit);
        Assert.Equal(1.0, trainer.Log[^1].ExploitProbability);
        Assert.All(trainer.Log, r =>
        {
            Assert.Equal(trainer.Layout.Layers.Count, r.LayerConflictIndex.Count);
            Assert.InRange(r.ConflictIndexNormalized, 0, 1);
            Assert.All(r.TaskWeights!, layer => Assert.Equal(1.0, layer.Sum(), 5));
        });
        Assert.Contains(trainer.Log, r => r.Exploit
            && r.TaskWeights!.Any(layer => layer.Any(w => Math.Abs(w - 1.0 / 3) > 1e-6)));
    }

    [Fact]
    public void TheMamlBaselineNeverHarmonizes()
    {
        var config = Variants.Apply(Config(seed: 4, iterations: 12), Variants.Maml);
        using var trainer = Trainer(config);
        trainer.Train();

        Assert.All(trainer.Log, r =>
        {
            Assert.False(r.Exploit);
            Assert.All(r.TaskWeights!.SelectMany(w => w), w => Assert.Equal(1.0 / 3, w, 6));
        });
    }

    [Fact]
    public void ADivergingRunStopsWithTheIterationAndKeepsTheLastGoodParameters()
    {
        var config = Config(seed: 1, iterations: 5);
        var poisoned = new EpisodeSampler(split, config.EpisodeOptions, seed: 3);
        using var trainer = new MetaTrainer(config, new BackboneShape(1, 16, config.Ways), i =>
        {
            var batch = poisoned.SampleMetaBatch(i, config.MetaBatchSize);
            return i < 3 ? batch
                : batch.Select(e => e with { QueryImages = e.QueryImages * double.NaN }).ToList();
        });
        trainer.Step();
        trainer.Step();
        trainer.Step();
        var good = Flat(trainer.Parameters);

        var error = Assert.Throws<NonFiniteLossException>(() => trainer.Step());
        Assert.Equal(3, error.Iteration);
        Assert.Contains("meta-iteration 3", error.Message, StringComparison.Ordinal);
        Assert.Equal(good, Flat(trainer.Parameters));
        poisoned.Dispose();
    }

    [Fact]
    public void AMetaBatchOfTheWrongSizeIsRefused()
    {
        var config = Config(seed: 1);
        using var trainer = new MetaTrainer(config, new BackboneShape(1, 16, config.Ways),
            i => sampler.SampleMetaBatch(i, 2));

        var error = Assert.Throws<InvalidOperationException>(() => trainer.Step());
        Assert.Contains("MetaBatchSize is 3", error.Message, StringComparison.Ordinal);
    }
}
