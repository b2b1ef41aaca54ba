using MetaHarmony.Episodes;
using TorchSharp;
using static TorchSharp.torch;
using F = TorchSharp.torch.nn.functional;

namespace MetaHarmony.Meta;

/// <summary>
/// One task's meta-gradient: inner loop on the support set, gradient of the query loss.
/// </summary>
public static class TaskMetaGradient
{
    /// <summary>
    /// Adapts to <paramref name="episode"/> and returns the gradient of its query loss with
    /// respect to <paramref name="parameters"/> (second order) or to the adapted weights (first
    /// order, where the inner steps count as constant shifts), with the detached query loss and
    /// accuracy. The task's graph is released before returning.
    /// </summary>
    public static (IReadOnlyList<Tensor> Gradients, Tensor QueryLoss, Tensor QueryAccuracy)
        Compute(MetaGradientSettings settings, IReadOnlyList<Tensor> parameters, Episode episode)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(episode);

        // Every activation of the task lives in this scope, so it is freed as soon as the
        // task is done rather than when the whole meta-batch is.
        using var scope = torch.NewDisposeScope();
        bool secondOrder = settings.Adaptation == Adaptation.SecondOrder;
        var fast = InnerLoop.Adapt(settings.Backbone, parameters, episode.SupportImages,
            episode.SupportLabels, settings.InnerSteps, settings.InnerStepSize, secondOrder);

        var logits = settings.QueryBackbone.Forward(episode.QueryImages, fast);
        var loss = F.cross_entropy(logits, episode.QueryLabels);
        var gradients = secondOrder
            ? ThroughInnerLoop(loss, fast, parameters)
            : torch.autograd.grad([loss], fast.ToList());
        var accuracy = logits.argmax(1).eq(episode.QueryLabels).to(logits.dtype).mean();
        return (gradients.Select(g => g.MoveToOuterDisposeScope()).ToList(),
            loss.detach().MoveToOuterDisposeScope(), accuracy.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The query loss's gradient with respect to the meta-parameters, in two passes: to the
    /// fast weights, then through the inner loop. In between the fast weights' gradients are
    /// made contiguous: a channels-last query pass answers with channels-last weight gradients,
    /// and libtorch picks a convolution's layout from its weight as well as its input, so they
    /// would take the inner loop's double backward channels-last, where batch norm's is slow
    /// (measured at 84x84: twice the time). Splitting the pass costs nothing measurable and frees
    /// the query's activations before the inner loop's graph is walked.
    /// </summary>
    static IList<Tensor> ThroughInnerLoop(Tensor queryLoss, IReadOnlyList<Tensor> fast,
        IReadOnlyList<Tensor> parameters)
    {
        var toFast = torch.autograd.grad([queryLoss], fast.ToList());
        if (ReferenceEquals(fast, parameters))
        {
            return toFast; // no inner steps: the fast weights are the meta-parameters
        }
        var packed = toFast.Select(g => g.contiguous()).ToList();
        return torch.autograd.grad(fast.ToList(), parameters.ToList(), packed);
    }
}
