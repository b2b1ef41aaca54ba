namespace MetaHarmony.Models;

/// <summary>What a backbone consumes and produces.</summary>
/// <param name="Channels">Input channels (1 grey, 3 RGB).</param>
/// <param name="ImageSize">Input side in pixels (square images).</param>
/// <param name="Ways">Output classes N of the linear head.</param>
public sealed record BackboneShape(int Channels, int ImageSize, int Ways)
{
    /// <summary>Checks the values; a bad one raises <see cref="ArgumentException"/>.</summary>
    public BackboneShape Validate()
    {
        if (Channels < 1)
        {
            throw new ArgumentException($"Channels = {Channels}; images need at least one.",
                nameof(Channels));
        }
        if (ImageSize < 1)
        {
            throw new ArgumentException($"ImageSize = {ImageSize}; it must be positive.",
                nameof(ImageSize));
        }
        if (Ways < 2)
        {
            throw new ArgumentException(
                $"Ways = {Ways}; a classification episode needs at least 2 classes.",
                nameof(Ways));
        }
        return this;
    }
}
