using MetaHarmony.Aggregation;
using MetaHarmony.Episodes;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Meta;

/// <summary>
/// All tasks of a meta-batch in one pass: every task gets its own copy of theta, stacked along
/// a leading task dimension, and the backbone runs them together with grouped convolutions
/// (<see cref="Models.IBackbone.ForwardTasks"/>). Because task t's loss depends only on copy
/// t, the gradient of the summed loss with respect to the stacked copies holds every task's
/// meta-gradient in its slice t. Suits a GPU, where one small task leaves most of it idle; on a
/// CPU it was not faster than the loop and needed several times the memory.
/// </summary>
public sealed class GroupedTaskEstimator(MetaGradientSettings settings) : IMetaGradientEstimator
{
    /// <inheritdoc />
    public string Name => "grouped";

    /// <inheritdoc />
    public TaskOutcomes Estimate(IReadOnlyList<Tensor> parameters, IReadOnlyList<Episode> batch)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(batch);
        CheckSameShapes(batch);

        using var scope = torch.NewDisposeScope();
        int tasks = batch.Count;
        var backbone = settings.Backbone;
        bool secondOrder = settings.Adaptation == Adaptation.SecondOrder;
        var supportImages = stack(batch.Select(e => e.SupportImages));
        var supportLabels = stack(batch.Select(e => e.SupportLabels));
        var queryImages = stack(batch.Select(e => e.QueryImages));
        var queryLabels = stack(batch.Select(e => e.QueryLabels));

        IReadOnlyList<Tensor> copies = parameters
            .Select(p => p.detach().unsqueeze(0).expand([tasks, .. p.shape]).contiguous()
                .requires_grad_(true))
            .ToList();
        var fast = copies;
        for (int step = 0; step < settings.InnerSteps; step++)
        {
            var loss = SummedTaskLoss(backbone.ForwardTasks(supportImages, fast), supportLabels);
            var gradients = torch.autograd.grad([loss], fast.ToList(),
                retain_graph: secondOrder, create_graph: secondOrder);
            var stepped = fast.Zip(gradients, (w, g) => w - settings.InnerStepSize * g);
            fast = secondOrder ? stepped.ToList()
                : stepped.Select(w => w.detach().requires_grad_(true)).ToList();
        }

        var logits = backbone.ForwardTasks(queryImages, fast);
        var queryLoss = SummedTaskLoss(logits, queryLabels);
        var perTask = torch.autograd.grad([queryLoss], (secondOrder ? copies : fast).ToList());
        var layers = settings.Layout.Layers.Select(layer => cat(layer.Parameters
            .Select(p => perTask[p].reshape(tasks, -1)).ToList(), 1)).ToList();

        using var noGrad = no_grad();
        var losses = F.cross_entropy(logits.flatten(0, 1), queryLabels.flatten(),
            reduction: nn.Reduction.None).reshape(tasks, -1).mean([1]);
        var accuracies = logits.argmax(2).eq(queryLabels).to(logits.dtype).mean([1]);
        var outcomes = new TaskOutcomes(new TaskGradients(settings.Layout, layers), losses,
            accuracies);
        outcomes.MoveToOuterDisposeScope();
        return outcomes;
    }

    /// <summary>The sum over tasks of each task's mean cross-entropy.</summary>
    static Tensor SummedTaskLoss(Tensor logits, Tensor labels) =>
        F.cross_entropy(logits.flatten(0, 1), labels.flatten(), reduction: nn.Reduction.Sum)
        / labels.shape[1];

    static void CheckSameShapes(IReadOnlyList<Episode> batch)
    {
        if (batch.Count == 0)
        {
            throw new ArgumentException("A meta-batch needs at least one episode.", nameof(batch));
        }

        var first = batch[0];
        var mismatch = batch.FirstOrDefault(e =>
            !e.SupportImages.shape.SequenceEqual(first.SupportImages.shape)
            || !e.QueryImages.shape.SequenceEqual(first.QueryImages.shape));
        if (mismatch is not null)
        {
            throw new ArgumentException(
                "Grouped tasks need episodes of one shape; support "
                + $"[{string.Join(", ", mismatch.SupportImages.shape)}] and query "
                + $"[{string.Join(", ", mismatch.QueryImages.shape)}] differ from the first "
                + "episode's. Use the loop estimator for mixed shapes.", nameof(batch));
        }
    }
}
