namespace MetaHarmony.Aggregation;

/// <summary>
/// Where in training an aggregation happens. Aggregators that draw random numbers (PCGrad's
/// order) derive them from <see cref="Seed"/> and <see cref="Iteration"/> alone, so that a run
/// resumed from a checkpoint draws exactly what the uninterrupted run would have.
/// </summary>
/// <param name="Iteration">The meta-iteration, from 0.</param>
/// <param name="Seed">The run's seed.</param>
public sealed record AggregationContext(long Iteration, long Seed);
