namespace MetaHarmony.Experiments;

/// <summary>
/// What a run is, in the words a results table uses: which configuration of the method, on
/// which task shape and seed. Derived from the full configuration, which the run record keeps.
/// </summary>
/// <param name="Variant">
/// The configuration's name in the experiments: "maml", "full", "multi-head", "hierarchical",
/// "no-ee", or a user's own.
/// </param>
/// <param name="Dataset">The dataset's name, e.g. "kanji".</param>
/// <param name="Backbone">"Conv4" or "ResNet12".</param>
/// <param name="Ways">N.</param>
/// <param name="Shots">K.</param>
/// <param name="Seed">The training seed.</param>
/// <param name="Aggregator">The harmonizing aggregator's name, e.g. "softmax-attention".</param>
/// <param name="Schedule">The explore-exploit schedule in words, e.g. "cosine to epoch 20".</param>
public sealed record RunDescription(string Variant, string Dataset, string Backbone, int Ways,
    int Shots, long Seed, string Aggregator, string Schedule)
{
    /// <summary>"full 5-way 1-shot seed 0".</summary>
    public string Label => $"{Variant} {Ways}-way {Shots}-shot seed {Seed}";
}
