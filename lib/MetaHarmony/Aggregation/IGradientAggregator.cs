namespace MetaHarmony.Aggregation;

/// <summary>
/// Turns the T task gradients of a meta-batch into one update direction per layer. Knows
/// nothing of models, data or training: only gradients and how they group into layers.
/// </summary>
public interface IGradientAggregator
{
    /// <summary>A short name for logs and tables, e.g. "softmax-attention".</summary>
    string Name { get; }

    /// <summary>Aggregates; the caller owns (and disposes) the result.</summary>
    AggregationResult Aggregate(TaskGradients gradients, AggregationContext context);
}
