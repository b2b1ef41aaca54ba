using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Meta;

/// <summary>Tests that count process-wide tensors, so nothing may run beside them.</summary>
[CollectionDefinition(nameof(SerialTests), DisableParallelization = true)]
public sealed class SerialTests;

[Collection(nameof(SerialTests))]
public sealed class NativeMemoryTests
{
    public NativeMemoryTests() => TorchRuntime.EnsureInitialized();

    [Fact]
    public void LiveTensorsStayFlatOverFiveHundredIterations()
    {
        using var split = TinyTasks.PatternSplit(classes: 12, imagesPerClass: 8, side: 16, 1);
        var config = MetaTrainerTests.Config(seed: 0, iterations: 520);
        using var sampler = new EpisodeSampler(split, config.EpisodeOptions, seed: 1);
        using var trainer = new MetaTrainer(config, new BackboneShape(1, 16, config.Ways),
            i => sampler.SampleMetaBatch(i, config.MetaBatchSize));

        for (int i = 0; i < 20; i++)
        {
            trainer.Step();
        }
        long before = Tensor.TotalCount;
        for (int i = 0; i < 500; i++)
        {
            trainer.Step();
        }
        long after = Tensor.TotalCount;

        Assert.True(after <= before, $"live tensors grew from {before} to {after}");
    }
}
