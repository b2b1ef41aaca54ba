using static TorchSharp.torch;

namespace MetaHarmony.Episodes;

/// <summary>
/// One N-way K-shot task: K labelled support images and Q query images for each of N classes,
/// labels 0..N-1 assigned to the classes at random. Images are float [count, C, H, W] on the
/// compute device, already normalised; labels are int64 [count].
/// </summary>
public sealed record Episode(Tensor SupportImages, Tensor SupportLabels,
    Tensor QueryImages, Tensor QueryLabels) : IDisposable
{
    /// <summary>Disposes the four tensors.</summary>
    public void Dispose()
    {
        SupportImages.Dispose();
        SupportLabels.Dispose();
        QueryImages.Dispose();
        QueryLabels.Dispose();
    }
}
