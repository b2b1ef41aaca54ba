using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using MetaHarmony.Aggregation;
using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Metrics;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Bench;

/// <summary>
/// Times meta-steps the way the PyTorch peer does: fresh random episodes drawn outside the
/// timed region, then per-task meta-gradients, their mean, and an Adam step, timed together.
/// </summary>
internal static class MetaStepBenchmark
{
    public static int Run(BenchOptions o)
    {
        var info = TorchRuntime.Initialize(new RuntimeOptions
        {
            Threads = o.Threads, WaitPolicy = o.WaitPolicy, Device = o.Device,
        });
        var device = TorchRuntime.Device;
        var settings = o.Settings();
        var backbone = settings.Backbone;
        var parameters = backbone.InitialWeights(o.Seed)
            .Select(w => new TorchSharp.Modules.Parameter(w.to(device))).ToList();
        using var adam = optim.Adam(parameters, lr: o.MetaLr);
        var estimator = Estimators.Create(o.Estimator, settings, device, o.MetaBatch);
        InnerLoop.RetainActivations(backbone, (long)o.Ways * o.Shots, settings.Adaptation, device);
        using var generator = new Generator((ulong)o.Seed + 1);

        Console.WriteLine($"MetaHarmony | {info} | estimator {estimator.Name}");
        Console.WriteLine($"workload: image {o.Image} ({o.Channels} ch), order {o.Order}, "
            + $"{o.MetaBatch} tasks x {o.Ways}-way {o.Shots}-shot, {o.Query} query/class, "
            + $"{o.InnerSteps} inner steps lr {o.InnerLr}, Adam {o.MetaLr}");

        var mean = new MeanAggregator();
        var process = Process.GetCurrentProcess();
        var times = new List<double>();
        var cpu = new List<double>();
        double rssAfterWarmup = 0;
        for (int step = 0; step < o.Warmup + o.Steps; step++)
        {
            if (step == o.Warmup)
            {
                rssAfterWarmup = RssMib("VmRSS:");
            }
            using var scope = NewDisposeScope();
            var batch = RandomBatch(o, generator, device);
            Synchronize(device);
            var clock = Stopwatch.StartNew();
            var cpu0 = process.TotalProcessorTime;
            MetaStep(estimator, parameters, adam, batch, g => mean.Aggregate(g, new(step, 0)));
            Synchronize(device);
            process.Refresh();
            if (step >= o.Warmup)
            {
                times.Add(clock.Elapsed.TotalMilliseconds);
                cpu.Add((process.TotalProcessorTime - cpu0).TotalMilliseconds);
            }
        }

        var result = new Dictionary<string, object>
        {
            ["impl"] = estimator.Name, ["image"] = o.Image, ["order"] = o.Order,
            ["shots"] = o.Shots, ["threads"] = info.Threads, ["steps"] = o.Steps,
            ["median_ms"] = Median(times), ["min_ms"] = times.Min(), ["max_ms"] = times.Max(),
            ["mean_ms"] = times.Average(), ["cpu_median_ms"] = Median(cpu),
            ["peak_rss_mib"] = RssMib("VmHWM:"),
            ["rss_growth_mib"] = RssMib("VmRSS:") - rssAfterWarmup,
        };
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"ms/meta-step: median {Median(times):F1}  min {times.Min():F1}  "
            + $"max {times.Max():F1}  mean {times.Average():F1}  ({o.Steps} steps)"));
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"process CPU ms/meta-step (all threads): median {Median(cpu):F1}"));
        // Growth over the timed steps shows whether native memory leaks per meta-step.
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"peak RSS: {RssMib("VmHWM:"):F1} MiB; RSS grew "
            + $"{result["rss_growth_mib"]:F1} MiB over the {o.Steps} timed steps"));

        if (o.Aggregators.Count > 0)
        {
            result["aggregators"] = AggregatorOverheads(o, estimator, parameters, adam,
                generator, device);
        }
        if (o.Sampler)
        {
            result["sampler_episodes_per_s"] = SamplerRate(o, device, Median(times));
        }
        if (o.Json)
        {
            Console.WriteLine(JsonSerializer.Serialize(result));
        }

        (estimator as IDisposable)?.Dispose();
        return 0;
    }

    /// <summary>One meta-step: per-task meta-gradients, aggregation, Adam.</summary>
    static void MetaStep(IMetaGradientEstimator estimator,
        IReadOnlyList<TorchSharp.Modules.Parameter> parameters, optim.Optimizer adam,
        IReadOnlyList<Episode> batch, Func<TaskGradients, AggregationResult> aggregate)
    {
        using var outcomes = estimator.Estimate(parameters, batch);
        using var aggregated = aggregate(outcomes.Gradients);
        var directions = outcomes.Gradients.ToParameterShapes(aggregated.Directions);
        for (int p = 0; p < parameters.Count; p++)
        {
            parameters[p].grad = directions[p];
        }
        adam.step();
        foreach (var parameter in parameters)
        {
            parameter.grad = null;
        }
    }

    /// <summary>
    /// Each aggregator's own time per meta-step (after the Gradient Conflict Index, which every
    /// iteration computes), as a share of the plain meta-step. Aggregators take turns on the
    /// same gradients, so machine noise hits them alike.
    /// </summary>
    static Dictionary<string, object> AggregatorOverheads(BenchOptions o,
        IMetaGradientEstimator estimator, IReadOnlyList<TorchSharp.Modules.Parameter> parameters,
        optim.Optimizer adam, Generator generator, Device device)
    {
        var aggregators = o.Aggregators
            .Select(k => new AggregatorOptions { Kind = k }.Create()).ToList();
        var spent = aggregators.ToDictionary(a => a.Name, _ => new List<double>());
        var conflict = new List<double>();
        var steps = new List<double>();
        for (int step = 0; step < o.Warmup + o.Steps; step++)
        {
            using var scope = NewDisposeScope();
            var batch = RandomBatch(o, generator, device);
            var clock = Stopwatch.StartNew();
            using var outcomes = estimator.Estimate(parameters, batch);
            Synchronize(device);
            double estimate = clock.Elapsed.TotalMilliseconds;

            clock.Restart();
            ConflictIndex.Compute(outcomes.Gradients);
            double gci = clock.Elapsed.TotalMilliseconds;
            foreach (var aggregator in aggregators)
            {
                clock.Restart();
                using var result = aggregator.Aggregate(outcomes.Gradients, new(step, o.Seed));
                Synchronize(device);
                if (step >= o.Warmup)
                {
                    spent[aggregator.Name].Add(clock.Elapsed.TotalMilliseconds);
                }
            }

            MetaStep(new Precomputed(outcomes), parameters, adam, batch,
                g => aggregators[0].Aggregate(g, new(step, o.Seed)));
            if (step >= o.Warmup)
            {
                steps.Add(estimate);
                conflict.Add(gci);
            }
        }

        double baseline = Median(steps);
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"per meta-step, on top of {baseline:F1} ms of meta-gradients: "
            + $"GCI {Median(conflict):F2} ms ({100 * Median(conflict) / baseline:F2}%)"));
        var table = new Dictionary<string, object> { ["gci_ms"] = Median(conflict) };
        foreach (var (name, values) in spent)
        {
            double ms = Median(values);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"  {name,-22} {ms,8:F2} ms  ({100 * ms / baseline:F2}% of a meta-step)"));
            table[name] = ms;
        }
        aggregators.OfType<IDisposable>().ToList().ForEach(a => a.Dispose());
        return table;
    }

    /// <summary>Episodes per second of the sampler on a packed split of this image size.</summary>
    static double SamplerRate(BenchOptions o, Device device, double stepMs)
    {
        using var generator = new Generator(7);
        int classes = 64, perClass = 20;
        var images = randint(0, 256, [classes * perClass, o.Channels, o.Image, o.Image],
            ScalarType.Byte, generator: generator).to(device);
        using var split = new ImageSplit("train", images,
            Enumerable.Range(0, classes + 1).Select(c => (long)c * perClass).ToList(),
            Enumerable.Range(0, classes).Select(c => $"class{c}").ToList());
        using var sampler = new EpisodeSampler(split, new EpisodeOptions
        {
            Ways = o.Ways, Shots = o.Shots, Queries = o.Query,
        }, seed: 1);

        int batches = 200;
        var clock = Stopwatch.StartNew();
        for (int i = 0; i < batches; i++)
        {
            using var scope = NewDisposeScope();
            sampler.SampleMetaBatch(i, o.MetaBatch);
        }
        Synchronize(device);
        double perSecond = batches * o.MetaBatch / clock.Elapsed.TotalSeconds;
        double needed = o.MetaBatch * 1000 / stepMs;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sampler: {perSecond:F0} episodes/s; training consumes {needed:F1} episodes/s "
            + $"({perSecond / needed:F0}x)"));
        return perSecond;
    }

    static List<Episode> RandomBatch(BenchOptions o, Generator generator, Device device)
    {
        Tensor Images(int perClass) => randn(
            [o.Ways * perClass, o.Channels, o.Image, o.Image], generator: generator).to(device);
        Tensor Labels(int perClass) =>
            arange(o.Ways, ScalarType.Int64).repeat_interleave(perClass).to(device);
        return Enumerable.Range(0, o.MetaBatch)
            .Select(_ => new Episode(Images(o.Shots), Labels(o.Shots), Images(o.Query),
                Labels(o.Query)))
            .ToList();
    }

    static void Synchronize(Device device)
    {
        if (device.type == DeviceType.CUDA)
        {
            cuda.synchronize(device);
        }
    }

    static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2]
            : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    /// <summary>A memory line of /proc/self/status (VmRSS now, VmHWM the peak), in MiB.</summary>
    static double RssMib(string field)
    {
        const string status = "/proc/self/status";
        if (!File.Exists(status))
        {
            return Environment.WorkingSet / (1024.0 * 1024.0);
        }
        string line = File.ReadLines(status)
            .First(l => l.StartsWith(field, StringComparison.Ordinal));
        return double.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1],
            CultureInfo.InvariantCulture) / 1024.0;
    }

    /// <summary>Hands out gradients already computed, so Adam can step on them.</summary>
    sealed class Precomputed(TaskOutcomes outcomes) : IMetaGradientEstimator
    {
        public string Name => "precomputed";

        public TaskOutcomes Estimate(IReadOnlyList<Tensor> parameters,
            IReadOnlyList<Episode> batch) => new(
                new TaskGradients(outcomes.Gradients.Layout,
                    outcomes.Gradients.Layers.Select(l => l.alias()).ToList()),
                outcomes.QueryLosses.alias(), outcomes.QueryAccuracies.alias());
    }
}
