using System.Diagnostics;
using MetaHarmony.Aggregation;
using MetaHarmony.Episodes;
using MetaHarmony.Experiments;
using MetaHarmony.Metrics;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using MetaHarmony.Schedules;
using TorchSharp;
using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>
/// The outer loop. Each meta-iteration draws a meta-batch, computes every task's meta-gradient
/// g_i^l, records their Gradient Conflict Index, lets the explore-exploit schedule choose the
/// plain mean (explore) or the harmonizing aggregator (exploit), and gives the resulting
/// direction to Adam. Episodes come from a function of the iteration, so a run (or a resumed
/// run) sees the same data for the same seed.
/// </summary>
public sealed class MetaTrainer : IDisposable
{
    readonly ExperimentConfig config;
    readonly Func<long, IReadOnlyList<Episode>> metaBatchAt;
    readonly IMetaGradientEstimator estimator;
    readonly IGradientAggregator harmonizer;
    readonly MeanAggregator mean = new();
    ExploreExploitSchedule schedule;
    readonly List<TorchSharp.Modules.Parameter> parameters;
    readonly optim.Optimizer optimizer;
    readonly List<IterationRecord> log = [];

    /// <summary>Sets up a run: initial weights from the seed, Adam, aggregator, schedule.</summary>
    /// <param name="config">The experiment; validated here.</param>
    /// <param name="shape">Channels and size of the images, and N.</param>
    /// <param name="metaBatchAt">The T episodes of meta-iteration i, always the same for i.</param>
    /// <param name="device">Where to train; the runtime's device when null.</param>
    /// <param name="dtype">Precision of the weights (float32; float64 for checks).</param>
    public MetaTrainer(ExperimentConfig config, BackboneShape shape,
        Func<long, IReadOnlyList<Episode>> metaBatchAt, Device? device = null,
        ScalarType dtype = ScalarType.Float32)
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(shape);
        this.config = config.Validate();
        this.metaBatchAt = metaBatchAt ?? throw new ArgumentNullException(nameof(metaBatchAt));
        if (shape.Ways != config.Ways)
        {
            throw new ArgumentException(
                $"The backbone's head has {shape.Ways} outputs but Ways = {config.Ways}.",
                nameof(shape));
        }

        device ??= TorchRuntime.Device;
        Backbone = config.Backbone.Create(shape, config.Adaptation == Adaptation.SecondOrder);
        InnerLoop.RetainActivations(Backbone, (long)config.Ways * config.Shots, config.Adaptation,
            device);
        Layout = Backbone.Layout.Regroup(config.LayerGrouping);
        parameters = Backbone.InitialWeights(config.Seed)
            .Select(w => new TorchSharp.Modules.Parameter(w.to(dtype, device))).ToList();
        optimizer = optim.Adam(parameters, lr: config.MetaStepSize);
        harmonizer = config.Aggregator.Create();
        schedule = new ExploreExploitSchedule(config.Schedule, config.Seed);
        QueryBackbone = config.Backbone.Create(shape);
        estimator = Estimators.Create(config.Estimator, new MetaGradientSettings(Backbone,
            Layout, config.InnerSteps, config.InnerStepSize, config.Adaptation)
            { QueryBackbone = QueryBackbone }, device, config.MetaBatchSize);
    }

    /// <summary>The network as a function of its weights, as the inner loop runs it.</summary>
    public IBackbone Backbone { get; }

    /// <summary>
    /// The same network for passes differentiated at most once: the query loss, and evaluation.
    /// It differs from <see cref="Backbone"/> only in layout, where second-order MAML makes
    /// <see cref="ActivationLayout.Auto"/> choose a different one for the inner loop.
    /// </summary>
    public IBackbone QueryBackbone { get; }

    /// <summary>The layers that gradients are harmonized over (after regrouping).</summary>
    public ModelLayout Layout { get; }

    /// <summary>The meta-parameters theta, in layout order.</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>The Adam optimizer of the outer loop (its state belongs in checkpoints).</summary>
    public optim.Optimizer Optimizer => optimizer;

    /// <summary>The explore-exploit schedule (its state belongs in checkpoints).</summary>
    public ExploreExploitSchedule Schedule => schedule;

    /// <summary>The next meta-iteration to run (0 before training).</summary>
    public long Iteration { get; private set; }

    /// <summary>One record per meta-iteration run so far.</summary>
    public IReadOnlyList<IterationRecord> Log => log;

    /// <summary>
    /// Runs one meta-iteration and returns its log record. Throws
    /// <see cref="NonFiniteLossException"/> before the update if the query loss is not finite,
    /// so the parameters stay those of the last good iteration.
    /// </summary>
    public IterationRecord Step()
    {
        var clock = Stopwatch.StartNew();
        using var scope = NewDisposeScope();
        var batch = metaBatchAt(Iteration);
        if (batch.Count != config.MetaBatchSize)
        {
            throw new InvalidOperationException(
                $"The episode source gave {batch.Count} episodes; MetaBatchSize is "
                + $"{config.MetaBatchSize}.");
        }

        using var outcomes = estimator.Estimate(parameters, batch);
        var conflict = ConflictIndex.Compute(outcomes.Gradients);
        var decision = schedule.Next();
        bool exploit = config.Harmonizes && decision.Exploit;
        using var aggregate = (exploit ? harmonizer : mean)
            .Aggregate(outcomes.Gradients, new AggregationContext(Iteration, config.Seed));

        // One transfer for the loss, the accuracy and the task weights; the loss is checked
        // before the update so that a divergence leaves the last good parameters in place.
        var (loss, accuracy, weights) = ReadStatistics(outcomes, aggregate, Layout.Layers.Count);
        if (!double.IsFinite(loss))
        {
            throw new NonFiniteLossException(Iteration, loss);
        }

        var directions = outcomes.Gradients.ToParameterShapes(aggregate.Directions);
        for (int p = 0; p < parameters.Count; p++)
        {
            parameters[p].grad = directions[p];
        }
        optimizer.step();
        parameters.ForEach(p => p.grad = null);

        var record = new IterationRecord(Iteration, decision.Epoch, loss, accuracy,
            conflict.Global, conflict.GlobalNormalized, conflict.PerLayer,
            conflict.PerLayerNormalized, exploit,
            config.Harmonizes ? decision.ExploitProbability : 0, weights,
            clock.Elapsed.TotalSeconds);
        log.Add(record);
        Iteration++;
        return record;
    }

    /// <summary>
    /// Runs meta-iterations until <see cref="ExperimentConfig.Iterations"/>, reporting progress
    /// at a steady rhythm (about twice a second, and at the end). Cancellation is honoured
    /// between iterations, so a stopped trainer is always at a whole iteration.
    /// </summary>
    /// <param name="progress">Receives progress reports; may be null.</param>
    /// <param name="label">Names the run in progress reports.</param>
    /// <param name="cancellation">Stops before the next iteration.</param>
    /// <param name="afterStep">
    /// Called after every iteration with its record (for logs and checkpoints); may be null.
    /// </param>
    public void Train(IProgress<TrainingProgress>? progress = null, string label = "",
        CancellationToken cancellation = default, Action<IterationRecord>? afterStep = null)
    {
        var report = new ProgressRhythm(TimeSpan.FromSeconds(0.5));
        while (Iteration < config.Iterations)
        {
            cancellation.ThrowIfCancellationRequested();
            var record = Step();
            afterStep?.Invoke(record);
            if (progress is not null && (report.Due() || Iteration == config.Iterations))
            {
                progress.Report(Progress(label));
            }
        }
    }

    /// <summary>Meta-test accuracy of the current parameters on fixed episodes.</summary>
    /// <param name="episodeAt">Evaluation episode i, always the same for i.</param>
    /// <param name="progress">Receives evaluation progress; may be null.</param>
    /// <param name="label">Names the run in progress reports.</param>
    /// <param name="cancellation">Stops between episodes.</param>
    public double[] Evaluate(Func<int, Episode> episodeAt,
        IProgress<TrainingProgress>? progress = null, string label = "",
        CancellationToken cancellation = default) =>
        new Evaluator(QueryBackbone, config.InnerStepsTest, config.InnerStepSize,
            estimator is ParallelTaskEstimator ? TaskWorkers.Shared : null).Accuracies(
            parameters, config.EvaluationEpisodes, episodeAt, progress, label, cancellation);

    /// <summary>
    /// Sets the position after a checkpoint was restored: the log so far (whose length is the
    /// iteration to continue from) and the schedule's state at that iteration. Parameters and
    /// the optimizer's state are restored by the caller through <see cref="Parameters"/> and
    /// <see cref="Optimizer"/>.
    /// </summary>
    public void ResumeAt(IReadOnlyList<IterationRecord> logSoFar, ExploreExploitState schedule)
    {
        ArgumentNullException.ThrowIfNull(logSoFar);
        ArgumentNullException.ThrowIfNull(schedule);
        if (schedule.Iteration != logSoFar.Count)
        {
            throw new ArgumentException(
                $"The schedule's state is at iteration {schedule.Iteration} but the log has "
                + $"{logSoFar.Count} iterations; both must come from the same checkpoint.",
                nameof(schedule));
        }

        this.schedule = new ExploreExploitSchedule(config.Schedule, config.Seed, schedule);
        log.Clear();
        log.AddRange(logSoFar);
        Iteration = logSoFar.Count;
    }

    TrainingProgress Progress(string label)
    {
        var recent = log.Skip(Math.Max(0, log.Count - 20)).ToList();
        double seconds = recent.Average(r => r.Seconds);
        return new TrainingProgress(label, "train", Iteration, config.Iterations,
            recent.Average(r => r.QueryLoss), recent.Average(r => r.QueryAccuracy),
            recent[^1].ConflictIndex, seconds,
            TimeSpan.FromSeconds(seconds * (config.Iterations - Iteration)));
    }

    static (double Loss, double Accuracy, IReadOnlyList<IReadOnlyList<double>>? Weights)
        ReadStatistics(TaskOutcomes outcomes, AggregationResult aggregate, int layers)
    {
        var parts = new List<Tensor>
        {
            outcomes.QueryLosses.mean().reshape(1).to(ScalarType.Float64),
            outcomes.QueryAccuracies.mean().reshape(1).to(ScalarType.Float64),
        };
        if (aggregate.TaskWeights is not null)
        {
            parts.Add(aggregate.TaskWeights.flatten().to(ScalarType.Float64));
        }

        double[] values = cat(parts).cpu().data<double>().ToArray();
        int tasks = outcomes.Gradients.Tasks;
        IReadOnlyList<IReadOnlyList<double>>? weights = aggregate.TaskWeights is null
            ? null
            : Enumerable.Range(0, layers)
                .Select(l => (IReadOnlyList<double>)values[(2 + l * tasks)..(2 + (l + 1) * tasks)])
                .ToList();
        return (values[0], values[1], weights);
    }

    /// <summary>Releases the parameters and the optimizer's state.</summary>
    public void Dispose()
    {
        optimizer.Dispose();
        parameters.ForEach(p => p.Dispose());
    }
}
