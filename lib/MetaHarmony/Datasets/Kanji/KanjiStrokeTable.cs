using System.Buffers.Binary;

namespace MetaHarmony.Datasets;

/// <summary>
/// The embedded kanji stroke table: the 2,336 characters of at most 10 strokes from KanjiVG
/// (via Debian's python3-kanjidraw; CC BY-SA 3.0, see data/README.md), sorted by code point,
/// so that neighbours share a radical. It is compiled into the library, so the kit needs no
/// file and no download to use it.
/// </summary>
public static class KanjiStrokeTable
{
    const string ResourceName = "MetaHarmony.Datasets.kanji-strokes.bin";
    static readonly Lazy<IReadOnlyList<KanjiCharacter>> Table = new(Read);

    /// <summary>Every character of the table, in code point order.</summary>
    public static IReadOnlyList<KanjiCharacter> Characters => Table.Value;

    static IReadOnlyList<KanjiCharacter> Read()
    {
        using var stream = typeof(KanjiStrokeTable).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException(
                $"The library lacks its embedded resource {ResourceName}; rebuild it.");
        using var memory = new MemoryStream();
        stream.CopyTo(memory);
        return Parse(memory.ToArray());
    }

    /// <summary>Reads the binary layout that data/kanji/make_strokes.py writes.</summary>
    internal static IReadOnlyList<KanjiCharacter> Parse(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 7 || !bytes[..4].SequenceEqual("MHKS"u8) || bytes[4] != 1)
        {
            throw new InvalidDataException("The kanji stroke table is not format MHKS 1.");
        }

        int count = BinaryPrimitives.ReadUInt16LittleEndian(bytes[5..]);
        var characters = new KanjiCharacter[count];
        int at = 7;
        for (int i = 0; i < count; i++)
        {
            int codePoint = BinaryPrimitives.ReadInt32LittleEndian(bytes[at..]);
            int strokeCount = bytes[at + 4];
            at += 5;
            var strokes = new KanjiStroke[strokeCount];
            for (int s = 0; s < strokeCount; s++, at += 4)
            {
                strokes[s] = new KanjiStroke(
                    bytes[at], bytes[at + 1], bytes[at + 2], bytes[at + 3]);
            }
            characters[i] = new KanjiCharacter(codePoint, strokes);
        }
        if (at != bytes.Length)
        {
            throw new InvalidDataException(
                $"The kanji stroke table has {bytes.Length - at} bytes after its last character.");
        }
        return characters;
    }
}
