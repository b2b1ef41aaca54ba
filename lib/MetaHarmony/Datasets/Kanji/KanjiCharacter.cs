namespace MetaHarmony.Datasets;

/// <summary>One straight stroke of a kanji, end points on a 0-255 grid, y pointing down.
/// </summary>
public readonly record struct KanjiStroke(byte X1, byte Y1, byte X2, byte Y2);

/// <summary>A kanji of the embedded table: its code point and strokes in drawing order.</summary>
/// <param name="CodePoint">Unicode code point (CJK Unified Ideographs).</param>
/// <param name="Strokes">The strokes, each a straight segment.</param>
public sealed record KanjiCharacter(int CodePoint, IReadOnlyList<KanjiStroke> Strokes)
{
    /// <summary>The character as text.</summary>
    public string Text => char.ConvertFromUtf32(CodePoint);

    /// <summary>"U+4E00 一": the class name used in splits.</summary>
    public string ClassName => $"U+{CodePoint:X4} {Text}";
}
