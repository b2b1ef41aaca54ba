namespace MetaHarmony.Datasets;

/// <summary>
/// How far a long dataset step has come, for a notebook or console to render; the library
/// itself never prints.
/// </summary>
/// <param name="Stage">What is happening: "rendering kanji", "decoding images",
/// "loading cache", "copying to device".</param>
/// <param name="Done">Units (images, bytes) finished so far.</param>
/// <param name="Total">Units in the whole step.</param>
public readonly record struct DatasetProgress(string Stage, long Done, long Total)
{
    /// <summary>Share finished, from 0 to 1.</summary>
    public double Fraction => Total <= 0 ? 1 : (double)Done / Total;

    /// <summary>"decoding images: 1200 / 60000 (2%)".</summary>
    public override string ToString() =>
        $"{Stage}: {Done} / {Total} ({Fraction:P0})";
}
