using static TorchSharp.torch;

namespace MetaHarmony.Aggregation;

/// <summary>
/// How task gradients agree with their mean, reduced over the last dimension: the dot products
/// g_i · ḡ and the squared norms ‖g_i‖², ‖ḡ‖². Sums of statistics describe concatenated
/// vectors, which is how the model and block levels of hierarchical attention are scored
/// without concatenating the layers.
/// </summary>
/// <param name="Dots">g_i · ḡ, shape [T, ...].</param>
/// <param name="TaskSquares">‖g_i‖², shape [T, ...].</param>
/// <param name="MeanSquares">‖ḡ‖², the shape of one task's statistics.</param>
internal sealed record AgreementStatistics(Tensor Dots, Tensor TaskSquares, Tensor MeanSquares)
{
    /// <summary>Statistics of task gradients [T, ..., D] against their mean over tasks.</summary>
    public static AgreementStatistics Of(Tensor gradients)
    {
        var mean = gradients.mean([0]);
        // Rows times column vectors: [T, ..., 1, D] @ [..., D, 1], batched over tasks.
        var dots = gradients.unsqueeze(-2).matmul(mean.unsqueeze(-1)).squeeze(-1).squeeze(-1);
        return new AgreementStatistics(dots, gradients.square().sum(-1), mean.square().sum(-1));
    }

    /// <summary>The statistics of the concatenation of the two groups of elements.</summary>
    public static AgreementStatistics operator +(AgreementStatistics a, AgreementStatistics b) =>
        new(a.Dots + b.Dots, a.TaskSquares + b.TaskSquares, a.MeanSquares + b.MeanSquares);

    /// <summary>
    /// cos(g_i, ḡ). A zero vector has cosine 0 with anything: a zero norm is replaced by 1
    /// (its dot product is 0 anyway), which needs no epsilon and leaves every non-zero cosine
    /// exact. Dividing by one norm at a time keeps a product of two tiny norms from
    /// underflowing to 0/0.
    /// </summary>
    public Tensor Cosine() => Dots / NonZero(TaskSquares.sqrt()) / NonZero(MeanSquares.sqrt());

    /// <summary>The score of the given kind; a scaled dot divides by √size.</summary>
    public Tensor Score(AttentionScore score, double size) =>
        score == AttentionScore.Cosine ? Cosine() : Dots / Math.Sqrt(size);

    /// <summary>The score of the given kind, with one size per column (per head).</summary>
    public Tensor Score(AttentionScore score, Tensor sizes) =>
        score == AttentionScore.Cosine ? Cosine() : Dots / sizes.sqrt();

    static Tensor NonZero(Tensor norms) => where(norms > 0, norms, ones_like(norms));
}
