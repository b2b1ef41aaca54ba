using MetaHarmony.Aggregation;
using MetaHarmony.Schedules;

namespace MetaHarmony.Experiments;

/// <summary>
/// The configurations the experiments compare, as named changes of a base config: the MAML
/// baseline, the full method, its two ablations and two earlier methods for reference.
/// </summary>
public static class Variants
{
    /// <summary>MAML: every update is the mean of the task gradients.</summary>
    public const string Maml = "maml";

    /// <summary>
    /// The full method: softmax attention, harmonizing on the explore-exploit schedule.
    /// </summary>
    public const string Full = "full";

    /// <summary>Ablation 1A: multi-head attention in place of softmax attention.</summary>
    public const string MultiHead = "multi-head";

    /// <summary>Ablation 1B: hierarchical (model and layer) attention.</summary>
    public const string Hierarchical = "hierarchical";

    /// <summary>
    /// Ablation 2: no explore-exploit; every update harmonized from the first one.
    /// </summary>
    public const string NoExploreExploit = "no-ee";

    /// <summary>Gradient agreement (Eshratifar et al. 2018), applied to every update.</summary>
    public const string GradientAgreement = "gradient-agreement";

    /// <summary>PCGrad (Yu et al. 2020), applied to every update.</summary>
    public const string PCGrad = "pcgrad";

    /// <summary>Every variant this class knows, baseline first.</summary>
    public static IReadOnlyList<string> All { get; } =
        [Maml, Full, MultiHead, Hierarchical, NoExploreExploit, GradientAgreement, PCGrad];

    /// <summary>
    /// <paramref name="config"/> changed into <paramref name="variant"/>: the aggregator kind and
    /// whether the schedule ramps; the aggregator's other settings (score, temperature, heads)
    /// and the schedule's shape and transition epoch are kept from the base.
    /// </summary>
    public static ExperimentConfig Apply(ExperimentConfig config, string variant)
    {
        ArgumentNullException.ThrowIfNull(config);
        var schedule = config.Schedule.Shape == ExploitShape.None
            ? config.Schedule with { Shape = ExploitShape.Cosine } : config.Schedule;
        var always = config.Schedule with { Shape = ExploitShape.None };
        return variant switch
        {
            Maml => With(config, variant, AggregatorKind.Mean, schedule),
            Full => With(config, variant, AggregatorKind.SoftmaxAttention, schedule),
            MultiHead => With(config, variant, AggregatorKind.MultiHeadAttention, schedule),
            Hierarchical => With(config, variant, AggregatorKind.HierarchicalAttention, schedule),
            NoExploreExploit => With(config, variant, AggregatorKind.SoftmaxAttention, always),
            GradientAgreement => With(config, variant, AggregatorKind.GradientAgreement, always),
            PCGrad => With(config, variant, AggregatorKind.PCGrad, always),
            _ => throw new ArgumentException(
                $"Variant '{variant}' is not known; use one of {string.Join(", ", All)}, or set "
                + "Aggregator and Schedule yourself and give Variant a name of your own.",
                nameof(variant)),
        };
    }

    static ExperimentConfig With(ExperimentConfig config, string variant, AggregatorKind kind,
        ExploreExploitOptions schedule) => config with
        {
            Variant = variant,
            Aggregator = config.Aggregator with { Kind = kind },
            Schedule = schedule,
        };
}
