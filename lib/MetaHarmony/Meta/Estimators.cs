using static TorchSharp.torch;

namespace MetaHarmony.Meta;

/// <summary>Chooses the meta-gradient estimator for a device.</summary>
public static class Estimators
{
    /// <summary>The estimator of <paramref name="kind"/>; Auto picks by device.</summary>
    public static IMetaGradientEstimator Create(EstimatorKind kind, MetaGradientSettings settings,
        Device device)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(device);
        return kind switch
        {
            EstimatorKind.Auto or EstimatorKind.Loop => new TaskLoopEstimator(settings),
            _ => throw new ArgumentException($"Estimator {kind} is not known.", nameof(kind)),
        };
    }
}
