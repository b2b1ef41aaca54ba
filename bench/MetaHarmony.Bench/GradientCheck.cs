using System.Globalization;
using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using static TorchSharp.torch;

namespace MetaHarmony.Bench;

/// <summary>
/// Compares per-task meta-gradients computed on the chosen device (loop and grouped) with the
/// CPU loop on the same weights and episodes: the check to run first on a new GPU. In float64
/// they must agree to 1e-9. In float32 rounding through five second-order inner steps on random
/// episodes moves the CPU's own answer by up to a few percent from float64's, so the device
/// passes when its float32 answer lies no further from float64's than twice the CPU's does
/// (or 1e-4, whichever is larger); its distance to the CPU's float32 answer is printed too.
/// </summary>
internal static class GradientCheck
{
    public static int Run(BenchOptions o)
    {
        TorchRuntime.Initialize(new RuntimeOptions { Threads = o.Threads, Device = o.Device });
        var device = TorchRuntime.Device;
        var settings = o.Settings();
        var backbone = settings.Backbone;
        using var generator = new Generator((ulong)o.Seed + 1);
        var cpuWeights = backbone.InitialWeights(o.Seed)
            .Select(w => w.to(ScalarType.Float64).requires_grad_(true)).ToList();
        var cpuBatch = Enumerable.Range(0, o.MetaBatch).Select(_ => new Episode(
            randn([o.Ways * o.Shots, o.Channels, o.Image, o.Image], ScalarType.Float64,
                generator: generator),
            arange(o.Ways, ScalarType.Int64).repeat_interleave(o.Shots),
            randn([o.Ways * o.Query, o.Channels, o.Image, o.Image], ScalarType.Float64,
                generator: generator),
            arange(o.Ways, ScalarType.Int64).repeat_interleave(o.Query))).ToList();
        using var exact = new TaskLoopEstimator(settings).Estimate(cpuWeights, cpuBatch);

        int failures = 0;
        Console.WriteLine($"gradient check on {device}: per-task meta-gradients against the "
            + "CPU loop's");
        foreach (var dtype in new[] { ScalarType.Float64, ScalarType.Float32 })
        {
            var (weights, batch) = Cast(cpuWeights, cpuBatch, dtype, CPU);
            using var cpu = new TaskLoopEstimator(settings).Estimate(weights, batch);
            double rounding = MaxRelativeError(cpu, exact);
            double tolerance = dtype == ScalarType.Float64 ? 1e-9 : Math.Max(1e-4, 2 * rounding);
            (weights, batch) = Cast(cpuWeights, cpuBatch, dtype, device);
            foreach (var estimator in new IMetaGradientEstimator[]
                { new TaskLoopEstimator(settings), new GroupedTaskEstimator(settings) })
            {
                using var outcomes = estimator.Estimate(weights, batch);
                double error = MaxRelativeError(outcomes, exact);
                double toCpu = MaxRelativeError(outcomes, cpu);
                bool ok = error < tolerance;
                failures += ok ? 0 : 1;
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"  {estimator.Name,-8} {dtype,-8} from float64 {error:E2} (tolerance "
                    + $"{tolerance:E1}), from the CPU in {dtype} {toCpu:E2} "
                    + $"{(ok ? "ok" : "FAILED")}"));
            }
        }
        return failures == 0 ? 0 : 1;
    }

    static (List<Tensor> Weights, List<Episode> Batch) Cast(IReadOnlyList<Tensor> weights,
        IReadOnlyList<Episode> batch, ScalarType dtype, Device device) => (
        weights.Select(w => w.detach().to(dtype, device).requires_grad_(true)).ToList(),
        batch.Select(e => new Episode(e.SupportImages.to(dtype, device),
            e.SupportLabels.to(device), e.QueryImages.to(dtype, device),
            e.QueryLabels.to(device))).ToList());

    static double MaxRelativeError(TaskOutcomes actual, TaskOutcomes expected)
    {
        using var scope = NewDisposeScope();
        double worst = 0;
        for (int l = 0; l < expected.Gradients.Layers.Count; l++)
        {
            var e = expected.Gradients.Layers[l].to(ScalarType.Float64, CPU);
            var a = actual.Gradients.Layers[l].to(ScalarType.Float64, CPU);
            double scale = e.abs().max().item<double>();
            worst = Math.Max(worst, (a - e).abs().max().item<double>() / scale);
        }
        return worst;
    }
}
