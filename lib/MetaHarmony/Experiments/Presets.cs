using MetaHarmony.Datasets;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Schedules;

namespace MetaHarmony.Experiments;

/// <summary>
/// Named starting points. "paper-miniimagenet" holds the published MAML settings; "quick"
/// fits the notebooks on a laptop CPU with the embedded kanji data; "smoke" exists for tests.
/// Each preset is a full config of the "full" variant; apply <see cref="Variants"/> for others.
/// </summary>
public static class Presets
{
    /// <summary>The published MAML setup on miniImageNet (set Dataset.Root to your copy).</summary>
    public const string PaperMiniImageNet = "paper-miniimagenet";

    /// <summary>MAML's Omniglot setup (set Dataset.Root to your copy).</summary>
    public const string PaperOmniglot = "paper-omniglot";

    /// <summary>Minutes on a CPU, embedded kanji data: the notebooks' default.</summary>
    public const string Quick = "quick";

    /// <summary>Seconds on a CPU: for tests and CI.</summary>
    public const string Smoke = "smoke";

    /// <summary>Every preset name.</summary>
    public static IReadOnlyList<string> Names { get; } =
        [PaperMiniImageNet, PaperOmniglot, Quick, Smoke];

    /// <summary>
    /// The preset called <paramref name="name"/> for K = <paramref name="shots"/>.
    /// </summary>
    public static ExperimentConfig Get(string name, int shots)
    {
        if (shots < 1)
        {
            throw new ArgumentException($"shots = {shots}; use 1 or more.", nameof(shots));
        }

        return name switch
        {
            PaperMiniImageNet => MiniImageNet(shots),
            PaperOmniglot => Omniglot(shots),
            Quick => QuickKanji(shots),
            Smoke => SmokeKanji(shots),
            _ => throw new ArgumentException(
                $"Preset '{name}' is not known; use one of {string.Join(", ", Names)}.",
                nameof(name)),
        };
    }

    /// <summary>
    /// Finn et al.'s miniImageNet MAML: Conv4-32 with max pooling on 84x84 RGB, alpha 0.01,
    /// beta 0.001, 5 inner steps (10 at test), meta-batch 4 (1-shot) or 2 (5-shot), 15
    /// queries, 60,000 iterations, 600 test episodes. Published MAML: 48.70 ± 1.84 % (1-shot),
    /// 63.11 ± 0.92 % (5-shot).
    /// </summary>
    public static ExperimentConfig MiniImageNet(int shots) => new()
    {
        Dataset = new DatasetOptions { Name = "miniimagenet", ImageSize = 84, Channels = 3 },
        Backbone = new BackboneOptions { Conv4 = new Conv4Options { Filters = 32 } },
        Shots = shots,
        MetaBatchSize = shots == 1 ? 4 : 2,
        Iterations = 60_000,
        Schedule = EpochsOf(60_000),
    };

    /// <summary>
    /// Finn et al.'s Omniglot MAML: Conv4-64 with strided convolutions on 28x28 grey, alpha
    /// 0.4, one inner step (three at test), meta-batch 32, 60,000 iterations.
    /// </summary>
    public static ExperimentConfig Omniglot(int shots) => new()
    {
        Dataset = new DatasetOptions { Name = "omniglot", ImageSize = 28, Channels = 1 },
        Backbone = StridedConv4(64),
        Shots = shots,
        MetaBatchSize = 32,
        InnerSteps = 1,
        InnerStepsTest = 3,
        InnerStepSize = 0.4,
        Iterations = 60_000,
        Schedule = EpochsOf(60_000),
    };

    /// <summary>
    /// The embedded kanji set at 28x28 with an Omniglot-style Conv4-32, first-order, sized so
    /// that the notebooks (ten runs) finish in about ten minutes on an idle 2-core CPU: 600
    /// meta-iterations, long enough for the curves to flatten and the schedule to spend most of
    /// training exploiting, and the paper's 600 test episodes, which cost little and narrow
    /// every confidence interval. Not a replication of the paper's numbers: a way to see the
    /// method's behaviour quickly.
    /// </summary>
    public static ExperimentConfig QuickKanji(int shots) => new()
    {
        Dataset = new DatasetOptions { Name = "kanji" },
        Backbone = StridedConv4(32),
        Shots = shots,
        Queries = 10,
        MetaBatchSize = 4,
        InnerSteps = 3,
        InnerStepsTest = 5,
        InnerStepSize = 0.4,
        MetaStepSize = 0.003,
        Adaptation = Adaptation.FirstOrder,
        Iterations = 600,
        EvaluationEpisodes = 600,
        Schedule = EpochsOf(600),
    };

    /// <summary>
    /// A few iterations of a tiny network: proves the pipeline runs, learns little.
    /// </summary>
    public static ExperimentConfig SmokeKanji(int shots) => QuickKanji(shots) with
    {
        Dataset = new DatasetOptions { Name = "kanji", ImageSize = 16 },
        Backbone = StridedConv4(8),
        Queries = 5,
        MetaBatchSize = 2,
        InnerSteps = 1,
        InnerStepsTest = 2,
        Iterations = 12,
        EvaluationEpisodes = 10,
        Schedule = EpochsOf(12),
    };

    static BackboneOptions StridedConv4(int filters) => new()
    {
        Conv4 = new Conv4Options { Filters = filters, Downsampling = Downsampling.Strided },
    };

    /// <summary>
    /// Our epoch: a sixtieth of training, so that 60,000 iterations make 60 epochs of 1,000,
    /// and the transition at epoch 20 comes a third of the way in, whatever the length.
    /// </summary>
    static ExploreExploitOptions EpochsOf(int iterations) => new()
    {
        IterationsPerEpoch = IterationsPerEpoch(iterations),
        TransitionEpoch = 20,
    };

    /// <summary>Our epoch length for a run of <paramref name="iterations"/>: a sixtieth.</summary>
    public static int IterationsPerEpoch(int iterations) => Math.Max(1, iterations / 60);
}
