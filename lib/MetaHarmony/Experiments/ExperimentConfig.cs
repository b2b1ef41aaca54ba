using System.Text.Json.Serialization;
using MetaHarmony.Aggregation;
using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Schedules;

namespace MetaHarmony.Experiments;

/// <summary>
/// Every setting of one experiment, immutable, with the paper's MAML values as defaults where
/// METHOD.md gives them. Change a value with a <c>with</c> expression; <see cref="Validate"/>
/// names any value out of range. The presets in <see cref="Presets"/> are starting points.
/// </summary>
public sealed record ExperimentConfig
{
    /// <summary>
    /// The configuration's name in the results tables: "maml", "full", "multi-head",
    /// "hierarchical", "no-ee" (see <see cref="Variants"/>), or your own.
    /// </summary>
    public string Variant { get; init; } = Variants.Full;

    /// <summary>The dataset and how to read it.</summary>
    public DatasetOptions Dataset { get; init; } = new();

    /// <summary>The backbone: Conv4 (32 filters, max pooling) by default.</summary>
    public BackboneOptions Backbone { get; init; } = new();

    /// <summary>N: classes per episode.</summary>
    public int Ways { get; init; } = 5;

    /// <summary>K: support images per class.</summary>
    public int Shots { get; init; } = 1;

    /// <summary>Q: query images per class, in training and evaluation.</summary>
    public int Queries { get; init; } = 15;

    /// <summary>
    /// How pixels are scaled before the backbone sees them: [0, 1] by default, or the
    /// training split's per-channel mean and standard deviation.
    /// </summary>
    public ImageNormalization Normalization { get; init; } = ImageNormalization.UnitRange;

    /// <summary>Random flips and shifts of training images, applied on the device (off).</summary>
    public EpisodeAugmentation Augmentation { get; init; } = EpisodeAugmentation.None;

    /// <summary>T: episodes per meta-batch (4 for 1-shot and 2 for 5-shot in the paper).</summary>
    public int MetaBatchSize { get; init; } = 4;

    /// <summary>k: inner-loop steps during meta-training.</summary>
    public int InnerSteps { get; init; } = 5;

    /// <summary>k_test: inner-loop steps at evaluation.</summary>
    public int InnerStepsTest { get; init; } = 10;

    /// <summary>alpha: the inner-loop learning rate.</summary>
    public double InnerStepSize { get; init; } = 0.01;

    /// <summary>beta: Adam's learning rate for the outer update.</summary>
    public double MetaStepSize { get; init; } = 0.001;

    /// <summary>Second-order MAML (the paper's) or first order.</summary>
    public Adaptation Adaptation { get; init; } = Adaptation.SecondOrder;

    /// <summary>Meta-iterations of training.</summary>
    public int Iterations { get; init; } = 60_000;

    /// <summary>
    /// The aggregator of harmonized (exploit) updates. With <see cref="AggregatorKind.Mean"/>
    /// every update is the plain mean and the run is the MAML baseline.
    /// </summary>
    public AggregatorOptions Aggregator { get; init; } = new();

    /// <summary>When to harmonize: the explore-exploit schedule.</summary>
    public ExploreExploitOptions Schedule { get; init; } = new();

    /// <summary>What a layer is when harmonizing layer by layer (ours: the module).</summary>
    public LayerGrouping LayerGrouping { get; init; } = LayerGrouping.Module;

    /// <summary>E: meta-test episodes.</summary>
    public int EvaluationEpisodes { get; init; } = 600;

    /// <summary>
    /// Fixes the meta-test episodes, independently of <see cref="Seed"/>, so that every
    /// configuration is evaluated on the same ones and can be compared pairwise.
    /// </summary>
    public long EvaluationSeed { get; init; } = 20_240_501;

    /// <summary>Seeds initial weights, episodes and random choices of the run.</summary>
    public long Seed { get; init; }

    /// <summary>How per-task meta-gradients are computed; "auto" picks by device.</summary>
    public EstimatorKind Estimator { get; init; } = EstimatorKind.Auto;

    /// <summary>The episode shape and image preparation this config asks the sampler for.</summary>
    [JsonIgnore]
    public EpisodeOptions EpisodeOptions => new()
    {
        Ways = Ways,
        Shots = Shots,
        Queries = Queries,
        Normalization = Normalization,
        Augmentation = Augmentation,
    };

    /// <summary>
    /// True when exploit steps use a harmonizing aggregator rather than the mean.
    /// </summary>
    [JsonIgnore]
    public bool Harmonizes => Aggregator.Kind != AggregatorKind.Mean;

    /// <summary>Checks every value; an <see cref="ArgumentException"/> names a bad one.</summary>
    public ExperimentConfig Validate()
    {
        Require(!string.IsNullOrWhiteSpace(Variant), nameof(Variant), Variant,
            "name the configuration, e.g. \"full\"");
        Require(Ways >= 2, nameof(Ways), Ways, "an episode needs at least 2 classes");
        Require(Shots >= 1, nameof(Shots), Shots, "use at least 1 support image per class");
        Require(Queries >= 1, nameof(Queries), Queries, "use at least 1 query image per class");
        Require(MetaBatchSize >= 1, nameof(MetaBatchSize), MetaBatchSize,
            "a meta-batch needs at least 1 task");
        Require(InnerSteps >= 0, nameof(InnerSteps), InnerSteps, "use 0 or more steps");
        Require(InnerStepsTest >= 0, nameof(InnerStepsTest), InnerStepsTest,
            "use 0 or more steps");
        Require(Iterations >= 1, nameof(Iterations), Iterations, "train at least 1 iteration");
        Require(EvaluationEpisodes >= 2, nameof(EvaluationEpisodes), EvaluationEpisodes,
            "a confidence interval needs at least 2 episodes");
        Require(double.IsFinite(InnerStepSize) && InnerStepSize > 0, nameof(InnerStepSize),
            InnerStepSize, "a learning rate must be finite and greater than 0");
        Require(double.IsFinite(MetaStepSize) && MetaStepSize > 0, nameof(MetaStepSize),
            MetaStepSize, "a learning rate must be finite and greater than 0");
        Require(Enum.IsDefined(Adaptation), nameof(Adaptation), Adaptation,
            "use SecondOrder or FirstOrder");
        Require(Enum.IsDefined(Estimator), nameof(Estimator), Estimator,
            $"use one of {string.Join(", ", Enum.GetNames<EstimatorKind>())}");

        Dataset.Validate();
        EpisodeOptions.Validate();
        Aggregator.Validate();
        Schedule.Validate();
        return this;
    }

    static void Require(bool holds, string name, object value, string advice)
    {
        if (!holds)
        {
            throw new ArgumentException($"{name} = {value}: {advice}.", name);
        }
    }
}
