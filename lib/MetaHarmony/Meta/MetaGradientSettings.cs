using MetaHarmony.Models;

namespace MetaHarmony.Meta;

/// <summary>Everything an estimator needs besides the data.</summary>
/// <param name="Backbone">The network as a function of explicit weights.</param>
/// <param name="Layout">
/// How gradients group into layers (the backbone's, possibly regrouped).
/// </param>
/// <param name="InnerSteps">k: inner-loop steps during meta-training.</param>
/// <param name="InnerStepSize">alpha: the inner learning rate.</param>
/// <param name="Adaptation">Second or first order.</param>
public sealed record MetaGradientSettings(IBackbone Backbone, ModelLayout Layout, int InnerSteps,
    double InnerStepSize, Adaptation Adaptation);
