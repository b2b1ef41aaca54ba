using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Meta;

/// <summary>Every speed variant computes the plain loop's per-task meta-gradients.</summary>
public sealed class EstimatorEquivalenceTests
{
    public EstimatorEquivalenceTests() => TorchRuntime.EnsureInitialized();

    static (MetaGradientSettings Settings, IReadOnlyList<Tensor> Theta,
        List<MetaHarmony.Episodes.Episode> Batch) Problem(ScalarType dtype, Adaptation adaptation)
    {
        var backbone = new Conv4(new BackboneShape(3, 20, 5),
            new Conv4Options { Filters = 6, Downsampling = Downsampling.MaxPool });
        var settings = new MetaGradientSettings(backbone, backbone.Layout, 2, 0.05, adaptation);
        var theta = TinyTasks.Parameters(backbone, seed: 11, dtype);
        var batch = Enumerable.Range(0, 4)
            .Select(i => TinyTasks.RandomEpisode(backbone, 2, 3, seed: 20 + i, dtype)).ToList();
        return (settings, theta, batch);
    }

    static double[] Rows(TaskOutcomes outcomes) => outcomes.Gradients.Layers
        .SelectMany(l => l.to(ScalarType.Float64).flatten().data<double>().ToArray()).ToArray();

    static double MaxRelative(double[] a, double[] b)
    {
        double scale = b.Max(Math.Abs);
        return a.Zip(b, (x, y) => Math.Abs(x - y)).Max() / scale;
    }

    [Theory]
    [InlineData(Adaptation.SecondOrder)]
    [InlineData(Adaptation.FirstOrder)]
    public void ParallelTasksMatchTheLoopInFloat32(Adaptation adaptation)
    {
        var (settings, theta, batch) = Problem(ScalarType.Float32, adaptation);
        using var pool = new TaskWorkers(2);
        var parallel = new ParallelTaskEstimator(settings, pool);

        using var expected = new TaskLoopEstimator(settings).Estimate(theta, batch);
        using var actual = parallel.Estimate(theta, batch);

        Assert.True(MaxRelative(Rows(actual), Rows(expected)) < 1e-5);
        Assert.Equal(expected.QueryLosses.data<float>().ToArray(),
            actual.QueryLosses.data<float>().ToArray(), (a, b) => Math.Abs(a - b) < 1e-5);
    }

    [Fact]
    public void ParallelTasksMatchTheLoopInFloat64()
    {
        var (settings, theta, batch) = Problem(ScalarType.Float64, Adaptation.SecondOrder);
        using var pool = new TaskWorkers(2);
        var parallel = new ParallelTaskEstimator(settings, pool);

        using var expected = new TaskLoopEstimator(settings).Estimate(theta, batch);
        using var actual = parallel.Estimate(theta, batch);

        // The loop may split reductions over two threads, a worker never: last bits may differ.
        Assert.True(MaxRelative(Rows(actual), Rows(expected)) < 1e-12);
    }

    [Fact]
    public void TheNumberOfWorkersDoesNotChangeABit()
    {
        var (settings, theta, batch) = Problem(ScalarType.Float32, Adaptation.SecondOrder);
        using var onePool = new TaskWorkers(1);
        using var twoPool = new TaskWorkers(2);
        var one = new ParallelTaskEstimator(settings, onePool);
        var two = new ParallelTaskEstimator(settings, twoPool);

        using var a = one.Estimate(theta, batch);
        using var b = two.Estimate(theta, batch);

        Assert.Equal(Rows(a), Rows(b));
    }

    [Fact]
    public void AnErrorInAWorkerReachesTheCaller()
    {
        var (settings, theta, batch) = Problem(ScalarType.Float32, Adaptation.FirstOrder);
        using var pool = new TaskWorkers(2);
        var parallel = new ParallelTaskEstimator(settings, pool);
        batch[3] = batch[3] with { QueryImages = zeros(3, 1, 20, 20) };

        var error = Assert.Throws<ArgumentException>(() => parallel.Estimate(theta, batch));
        Assert.Contains("[3, 1, 20, 20]", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float64, 1e-10)]
    [InlineData(Adaptation.FirstOrder, ScalarType.Float64, 1e-10)]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float32, 1e-5)]
    public void GroupedTasksMatchTheLoop(Adaptation adaptation, ScalarType dtype, double tolerance)
    {
        var (settings, theta, batch) = Problem(dtype, adaptation);

        using var expected = new TaskLoopEstimator(settings).Estimate(theta, batch);
        using var actual = new GroupedTaskEstimator(settings).Estimate(theta, batch);

        Assert.True(MaxRelative(Rows(actual), Rows(expected)) < tolerance);
        var lossGap = (actual.QueryLosses - expected.QueryLosses).abs().max()
            .to(ScalarType.Float64);
        Assert.True(lossGap.item<double>() < tolerance * 10);
        Assert.Equal(expected.QueryAccuracies.to(ScalarType.Float64).data<double>().ToArray(),
            actual.QueryAccuracies.to(ScalarType.Float64).data<double>().ToArray());
    }

    [Theory]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float32, 1e-5)]
    [InlineData(Adaptation.FirstOrder, ScalarType.Float32, 1e-5)]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float64, 1e-10)]
    public void ChannelsLastActivationsMatchContiguousOnes(Adaptation adaptation,
        ScalarType dtype, double tolerance)
    {
        var (_, theta, batch) = Problem(dtype, adaptation);
        MetaGradientSettings In(ActivationLayout layout)
        {
            var backbone = new Conv4(new BackboneShape(3, 20, 5), new Conv4Options
            {
                Filters = 6, Downsampling = Downsampling.MaxPool, Layout = layout,
            });
            return new MetaGradientSettings(backbone, backbone.Layout, 2, 0.05, adaptation);
        }

        // Another memory order sums in another order, so float64 agrees to rounding only.
        using var expected = new TaskLoopEstimator(In(ActivationLayout.Contiguous))
            .Estimate(theta, batch);
        using var actual = new TaskLoopEstimator(In(ActivationLayout.ChannelsLast))
            .Estimate(theta, batch);

        Assert.True(MaxRelative(Rows(actual), Rows(expected)) < tolerance);
    }

    [Theory]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float32, 1e-5)]
    [InlineData(Adaptation.FirstOrder, ScalarType.Float32, 1e-5)]
    [InlineData(Adaptation.SecondOrder, ScalarType.Float64, 1e-10)]
    public void AChannelsLastQueryPassMatchesTheContiguousLoop(Adaptation adaptation,
        ScalarType dtype, double tolerance)
    {
        var (contiguous, theta, batch) = Problem(dtype, adaptation);
        var queryChannelsLast = contiguous with
        {
            QueryBackbone = new Conv4(new BackboneShape(3, 20, 5), new Conv4Options
            {
                Filters = 6, Downsampling = Downsampling.MaxPool,
                Layout = ActivationLayout.ChannelsLast,
            }),
        };

        using var expected = new TaskLoopEstimator(contiguous).Estimate(theta, batch);
        using var actual = new TaskLoopEstimator(queryChannelsLast).Estimate(theta, batch);

        Assert.True(MaxRelative(Rows(actual), Rows(expected)) < tolerance);
        if (adaptation == Adaptation.FirstOrder)
        {
            return; // the query pass's own gradients are the answer, in its layout
        }
        // The query pass's channels-last weight gradients are handed to the inner loop packed,
        // so its double backward, and the meta-gradients it answers with, stay contiguous.
        var (gradients, loss, accuracy) =
            TaskMetaGradient.Compute(queryChannelsLast, theta, batch[0]);
        Assert.All(gradients, g => Assert.True(g.is_contiguous()));
        foreach (var tensor in gradients.Append(loss).Append(accuracy))
        {
            tensor.Dispose();
        }
    }

    [Theory]
    [InlineData(TorchSharp.DeviceType.CPU, 28, 4, 2, EstimatorKind.ParallelTasks)]
    [InlineData(TorchSharp.DeviceType.CPU, 84, 4, 2, EstimatorKind.Loop)]
    [InlineData(TorchSharp.DeviceType.CPU, 28, 1, 2, EstimatorKind.Loop)]
    [InlineData(TorchSharp.DeviceType.CPU, 28, 4, 1, EstimatorKind.Loop)]
    [InlineData(TorchSharp.DeviceType.CUDA, 84, 4, 2, EstimatorKind.Grouped)]
    [InlineData(TorchSharp.DeviceType.CUDA, 84, 1, 2, EstimatorKind.Loop)]
    public void AutoChoosesByDeviceAndSize(TorchSharp.DeviceType device, long side, int tasks,
        int threads, EstimatorKind expected)
    {
        Assert.Equal(expected, Estimators.Choose(device, side, tasks, threads));
    }

    [Fact]
    public void SecondOrderBackbonesResolveAnAutomaticLayoutToContiguous()
    {
        var shape = new BackboneShape(3, 20, 5);
        var automatic = new BackboneOptions();
        var pinned = new BackboneOptions
        {
            Conv4 = new Conv4Options { Layout = ActivationLayout.ChannelsLast },
        };
        ActivationLayout Built(BackboneOptions options, bool secondOrder) =>
            ((Conv4)options.Create(shape, secondOrder)).Options.Layout;

        Assert.Equal(ActivationLayout.Auto, Built(automatic, secondOrder: false));
        Assert.Equal(ActivationLayout.Contiguous, Built(automatic, secondOrder: true));
        Assert.Equal(ActivationLayout.ChannelsLast, Built(pinned, secondOrder: true));
    }

    [Fact]
    public void GroupedTasksRefuseEpisodesOfDifferentShapes()
    {
        var (settings, theta, batch) = Problem(ScalarType.Float32, Adaptation.FirstOrder);
        batch[1] = TinyTasks.RandomEpisode(settings.Backbone, 1, 3, seed: 5, ScalarType.Float32);

        var error = Assert.Throws<ArgumentException>(
            () => new GroupedTaskEstimator(settings).Estimate(theta, batch));
        Assert.Contains("one shape", error.Message, StringComparison.Ordinal);
    }
}
