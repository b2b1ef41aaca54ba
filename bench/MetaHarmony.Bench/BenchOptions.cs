using System.Globalization;
using MetaHarmony.Aggregation;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;

namespace MetaHarmony.Bench;

/// <summary>
/// The workload, named as in the PyTorch peer (shared/bench/maml_bench.py) so that one set of
/// flags drives both.
/// </summary>
internal sealed record BenchOptions
{
    public int Image { get; init; } = 28;
    public int Order { get; init; } = 2;
    public EstimatorKind Estimator { get; init; } = EstimatorKind.Auto;
    public ActivationLayout Layout { get; init; } = ActivationLayout.Auto;
    public int Steps { get; init; } = 20;
    public int Warmup { get; init; } = 3;
    public int Threads { get; init; } = 2;
    public OmpWaitPolicy WaitPolicy { get; init; } = OmpWaitPolicy.Default;
    public int MetaBatch { get; init; } = 4;
    public int Ways { get; init; } = 5;
    public int Shots { get; init; } = 1;
    public int Query { get; init; } = 15;
    public int InnerSteps { get; init; } = 5;
    public double InnerLr { get; init; } = 0.01;
    public double MetaLr { get; init; } = 1e-3;
    public long Seed { get; init; }
    public IReadOnlyList<AggregatorKind> Aggregators { get; init; } = [];
    public bool Sampler { get; init; }
    public bool Datasets { get; init; }
    public int FolderClasses { get; init; } = 100;
    public int FolderImages { get; init; } = 20;
    public int FolderSourceSize { get; init; } = 128;
    public bool Verify { get; init; }
    public bool Json { get; init; }
    public string Device { get; init; } = "auto";

    public int Channels => Image == 28 ? 1 : 3;

    /// <summary>
    /// The settings of the workload's meta-gradients, with the Conv4 built for the inner loop
    /// and for the query pass as a training run builds them.
    /// </summary>
    public MetaGradientSettings Settings()
    {
        var options = new BackboneOptions { Conv4 = new Conv4Options { Layout = Layout } };
        var shape = new BackboneShape(Channels, Image, Ways);
        var backbone = options.Create(shape, secondOrder: Order == 2);
        return new MetaGradientSettings(backbone, backbone.Layout, InnerSteps, InnerLr,
            Order == 2 ? Adaptation.SecondOrder : Adaptation.FirstOrder)
        {
            QueryBackbone = options.Create(shape),
        };
    }

    public const string Usage = """
        metaharmony-bench: milliseconds per MAML meta-step (Conv4-32, per-task meta-gradients,
        mean aggregation, Adam), on the workload of shared/bench/maml_bench.py.

          --image 28|84          28: 1x28x28, 84: 3x84x84 (default 28)
          --order 1|2            first- or second-order MAML (default 2)
          --estimator NAME       auto, loop, paralleltasks, grouped (default auto)
          --layout NAME          auto, contiguous, channelslast: Conv4's activations
          --steps N --warmup N   timed and untimed meta-steps (default 20, 3)
          --threads N            intra-op threads (default 2)
          --wait-policy NAME     default, active, passive (OMP_WAIT_POLICY)
          --meta-batch N --ways N --shots N --query N --inner-steps N
          --inner-lr X --meta-lr X --seed N --device auto|cpu|cuda
          --aggregators LIST     also time full steps (GCI + aggregation) with these
                                 aggregators, e.g. all or mean,softmaxattention
          --sampler              also time the episode sampler on a packed split
          --datasets             only time the data path: kanji rendering at --image, and the
                                 packed cache of a generated JPEG folder (build, then load)
          --folder-classes N --folder-images N --source-size N
                                 that folder: classes, images per class, JPEG side
                                 (default 100, 20, 128)
          --verify               only compare the device's per-task meta-gradients (loop
                                 and grouped) with the CPU loop's, in float64 and float32
          --json                 print one JSON line with the results
        """;

    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var options = new BenchOptions();
        for (int i = 0; i < args.Count; i++)
        {
            string flag = args[i];
            string Value() => i + 1 < args.Count
                ? args[++i] : throw new ArgumentException($"{flag} needs a value.");
            int Int() => int.Parse(Value(), CultureInfo.InvariantCulture);
            double Real() => double.Parse(Value(), CultureInfo.InvariantCulture);
            options = flag switch
            {
                "--image" => options with { Image = Int() },
                "--order" => options with { Order = Int() },
                "--estimator" => options with { Estimator = Enum<EstimatorKind>(Value(), flag) },
                "--impl" => options with { Estimator = Enum<EstimatorKind>(Value(), flag) },
                "--layout" => options with { Layout = Enum<ActivationLayout>(Value(), flag) },
                "--steps" => options with { Steps = Int() },
                "--warmup" => options with { Warmup = Int() },
                "--threads" => options with { Threads = Int() },
                "--wait-policy" => options with { WaitPolicy = Enum<OmpWaitPolicy>(Value(), flag) },
                "--meta-batch" => options with { MetaBatch = Int() },
                "--ways" => options with { Ways = Int() },
                "--shots" => options with { Shots = Int() },
                "--query" => options with { Query = Int() },
                "--inner-steps" => options with { InnerSteps = Int() },
                "--inner-lr" => options with { InnerLr = Real() },
                "--meta-lr" => options with { MetaLr = Real() },
                "--seed" => options with { Seed = Int() },
                "--device" => options with { Device = Value() },
                "--aggregators" => options with { Aggregators = AggregatorList(Value()) },
                "--sampler" => options with { Sampler = true },
                "--datasets" => options with { Datasets = true },
                "--folder-classes" => options with { FolderClasses = Int() },
                "--folder-images" => options with { FolderImages = Int() },
                "--source-size" => options with { FolderSourceSize = Int() },
                "--verify" => options with { Verify = true },
                "--json" => options with { Json = true },
                _ => throw new ArgumentException($"Unknown option '{flag}'. Use --help."),
            };
        }

        if (options.Image is not (28 or 84))
        {
            throw new ArgumentException($"--image {options.Image}: use 28 or 84.");
        }
        if (options.Order is not (1 or 2))
        {
            throw new ArgumentException($"--order {options.Order}: use 1 or 2.");
        }
        return options;
    }

    static IReadOnlyList<AggregatorKind> AggregatorList(string text) => text == "all"
        ? System.Enum.GetValues<AggregatorKind>()
        : text.Split(',').Select(a => Enum<AggregatorKind>(a, "--aggregators")).ToList();

    static T Enum<T>(string text, string flag) where T : struct, System.Enum =>
        System.Enum.TryParse<T>(text.Replace("-", "", StringComparison.Ordinal), true, out var v)
            ? v
            : throw new ArgumentException(
                $"{flag} {text}: use one of {string.Join(", ", System.Enum.GetNames<T>())}.");
}
