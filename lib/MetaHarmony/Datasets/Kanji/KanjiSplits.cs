namespace MetaHarmony.Datasets;

/// <summary>
/// How the kanji are divided into train, validation and test, by "alphabet" as Omniglot is:
/// an alphabet is a run of <see cref="AlphabetSize"/> consecutive characters of the table,
/// which is in code point order, and so in radical order (characters sharing a radical sit
/// together). Whole alphabets go to one split, by their index: of every ten, the first six
/// train, the seventh validation, the last three test. The 2,336 characters make 146
/// alphabets: 90 train (1,440 classes), 14 validation (224) and 42 test (672), that is
/// 61.6 / 9.6 / 28.8 percent. Interleaving spreads every split over the whole radical range.
/// </summary>
public static class KanjiSplits
{
    /// <summary>Characters per alphabet.</summary>
    public const int AlphabetSize = 16;

    /// <summary>The alphabet of the character at <paramref name="index"/> in the table.</summary>
    public static int AlphabetOf(int index) => index / AlphabetSize;

    /// <summary>"train", "val" or "test": the split of the alphabet at
    /// <paramref name="alphabet"/>.</summary>
    public static string SplitOfAlphabet(int alphabet) => (alphabet % 10) switch
    {
        < 6 => "train",
        6 => "val",
        _ => "test",
    };

    /// <summary>Indices into the table of the characters of split <paramref name="split"/>,
    /// in table order, for a table of <paramref name="characterCount"/> characters.</summary>
    public static IReadOnlyList<int> ClassesOf(string split, int characterCount) =>
        Enumerable.Range(0, characterCount)
            .Where(i => SplitOfAlphabet(AlphabetOf(i)) == split)
            .ToArray();
}
