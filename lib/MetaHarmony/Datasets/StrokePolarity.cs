namespace MetaHarmony.Datasets;

/// <summary>Which way round the rendered kanji are drawn.</summary>
public enum StrokePolarity
{
    /// <summary>White strokes (255) on a black background (0), as MNIST.</summary>
    WhiteOnBlack,

    /// <summary>Black strokes (0) on a white background (255), as Omniglot's PNG files.</summary>
    BlackOnWhite,
}
