using MetaHarmony.Models;

namespace MetaHarmony.Meta;

/// <summary>Everything an estimator needs besides the data.</summary>
/// <param name="Backbone">
/// The network as a function of explicit weights, as the inner loop runs it.
/// </param>
/// <param name="Layout">
/// How gradients group into layers (the backbone's, possibly regrouped).
/// </param>
/// <param name="InnerSteps">k: inner-loop steps during meta-training.</param>
/// <param name="InnerStepSize">alpha: the inner learning rate.</param>
/// <param name="Adaptation">Second or first order.</param>
public sealed record MetaGradientSettings(IBackbone Backbone, ModelLayout Layout, int InnerSteps,
    double InnerStepSize, Adaptation Adaptation)
{
    /// <summary>
    /// The same network for the query pass, which is differentiated once in either order, so it
    /// may be laid out for that (see <see cref="ActivationLayout.Auto"/>); by default
    /// <see cref="Backbone"/>. Its weights and their order must be the backbone's.
    /// </summary>
    public IBackbone QueryBackbone { get; init; } = Backbone;
}
