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

        var logits = settings.Backbone.Forward(episode.QueryImages, fast);
        var loss = F.cross_entropy(logits, episode.QueryLabels);
        var gradients = torch.autograd.grad([loss], (secondOrder ? parameters : fast).ToList());
        var accuracy = logits.argmax(1).eq(episode.QueryLabels).to(logits.dtype).mean();
        return (gradients.Select(g => g.MoveToOuterDisposeScope()).ToList(),
            loss.detach().MoveToOuterDisposeScope(), accuracy.MoveToOuterDisposeScope());
    }
}
