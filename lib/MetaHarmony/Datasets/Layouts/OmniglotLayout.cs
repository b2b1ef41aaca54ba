using System.Globalization;
using System.Text.RegularExpressions;
using MetaHarmony.Runtime;

namespace MetaHarmony.Datasets;

/// <summary>
/// Omniglot as distributed (Lake et al. 2015): images_background/ (964 characters) and
/// images_evaluation/ (659), each &lt;Alphabet&gt;/characterNN/*.png, 20 drawers a character.
/// A class is a character, named "Alphabet/characterNN"; split as
/// <see cref="OmniglotSplitKind"/> says.
/// </summary>
internal static partial class OmniglotLayout
{
    /// <summary>The README section on this layout.</summary>
    public const string Section = "Omniglot";

    /// <summary>The layout, as error messages describe it.</summary>
    public const string Expected = "expected images_background/ and images_evaluation/ "
        + "(unzipped), each <Alphabet>/characterNN/*.png";

    /// <summary>The folders that hold the alphabets, both read.</summary>
    public static readonly string[] ImageFolders = ["images_background", "images_evaluation"];

    /// <summary>Character counts of the MAML split for the full 1,623 characters.</summary>
    public const int MamlTrain = 1100, MamlValidation = 100, MamlTotal = 1623;

    /// <summary>Lists the characters under the root and splits them.</summary>
    public static DatasetLayout Read(DatasetOptions options)
    {
        string root = options.Root!;
        var characters = ListCharacters(root);
        return options.OmniglotSplit == OmniglotSplitKind.Vinyals
            ? VinyalsLayout(root, characters, options.SplitFolder!)
            : MamlLayout(root, characters, options.SplitSeed);
    }

    /// <summary>
    /// The MAML split of <paramref name="count"/> characters: a permutation drawn from
    /// <paramref name="seed"/>, cut into train, validation and test. For 1,623 characters the
    /// parts hold 1,100, 100 and 423; other counts are cut in the same proportions, with at
    /// least one character in each part.
    /// </summary>
    /// <returns>Indices of the characters in each part, in permutation order.</returns>
    public static IReadOnlyList<int>[] MamlSplit(int count, long seed)
    {
        if (count < 3)
        {
            throw new InvalidDataException(
                $"Omniglot has {count} characters here; the MAML split needs at least 3.");
        }

        int validation = Math.Max(1, (int)Math.Round((double)count * MamlValidation / MamlTotal));
        int test = Math.Max(1,
            (int)Math.Round((double)count * (MamlTotal - MamlTrain - MamlValidation) / MamlTotal));
        int train = count - validation - test;
        var order = Enumerable.Range(0, count).ToArray();
        var random = SplitMix64.ForKey(seed, count);
        random.ShuffleFirst(order.AsSpan(), count);
        return [order[..train], order[train..(train + validation)], order[(train + validation)..]];
    }

    /// <summary>Every character's name and file indices; the files of all characters, in
    /// name order, are the packed cache's list, whichever split is used.</summary>
    sealed record CharacterFiles(IReadOnlyList<string> Names, IReadOnlyList<int[]> Indices,
        IReadOnlyList<string> Files);

    static CharacterFiles ListCharacters(string root)
    {
        var characters = new List<(string Name, IReadOnlyList<string> Files)>();
        foreach (string folder in ImageFolders)
        {
            string path = Path.Combine(root, folder);
            if (!Directory.Exists(path))
            {
                string zip = path + ".zip";
                throw LayoutErrors.Missing(path, File.Exists(zip)
                    ? $"unzip '{zip}' first; {Expected}" : Expected, Section);
            }
            foreach (string alphabet in ImageFiles.Folders(path))
            {
                foreach (string character in ImageFiles.Folders(alphabet))
                {
                    string name = $"{Path.GetFileName(alphabet)}/{Path.GetFileName(character)}";
                    characters.Add((name,
                        LayoutErrors.RequireImages(character, root, Expected, Section)));
                }
            }
        }
        if (characters.Count == 0)
        {
            throw new InvalidDataException(
                $"'{root}' has no characters; {Expected} {LayoutErrors.SeeReadme(Section)}.");
        }

        // Sorted by name, not by folder: the split must not depend on which folder holds a
        // character, nor on the order the file system lists them in.
        characters.Sort((a, b) => string.CompareOrdinal(a.Name, b.Name));
        var files = new List<string>();
        var indices = characters.Select(c =>
        {
            var range = Enumerable.Range(files.Count, c.Files.Count).ToArray();
            files.AddRange(c.Files);
            return range;
        }).ToArray();
        return new CharacterFiles(characters.Select(c => c.Name).ToArray(), indices, files);
    }

    static DatasetLayout MamlLayout(string root, CharacterFiles characters, long seed)
    {
        var splits = MamlSplit(characters.Names.Count, seed)
            .Select(part => (IReadOnlyList<LayoutClass>)part
                .Order()
                .Select(i => new LayoutClass(characters.Names[i], characters.Indices[i]))
                .ToArray())
            .ToArray();
        return new DatasetLayout(DatasetNames.Omniglot, root, characters.Files, splits);
    }

    static DatasetLayout VinyalsLayout(string root, CharacterFiles characters,
        string splitFolder)
    {
        var byName = Enumerable.Range(0, characters.Names.Count)
            .ToDictionary(i => characters.Names[i], StringComparer.Ordinal);
        var splits = new[] { "train.txt", "val.txt", "test.txt" }.Select(file =>
        {
            string path = Path.Combine(splitFolder, file);
            if (!File.Exists(path))
            {
                throw new FileNotFoundException(
                    $"Split file '{path}' does not exist; the Vinyals split needs train.txt, "
                    + "val.txt and test.txt, one Alphabet/characterNN/rotDDD a line "
                    + $"{LayoutErrors.SeeReadme(Section)}.", path);
            }
            return (IReadOnlyList<LayoutClass>)ReadVinyalsFile(path).Select(entry =>
                byName.TryGetValue(entry.Character, out int character)
                    ? new LayoutClass($"{entry.Character}/rot{entry.Degrees:D3}",
                        characters.Indices[character], entry.Degrees / 90)
                    : throw new InvalidDataException(
                        $"'{path}' line {entry.Line} names character '{entry.Character}', "
                        + $"which is in neither {string.Join(" nor ", ImageFolders)} "
                        + $"of '{root}'.")).ToArray();
        }).ToArray();
        return new DatasetLayout(DatasetNames.Omniglot, root, characters.Files, splits);
    }

    static IEnumerable<(int Line, string Character, int Degrees)> ReadVinyalsFile(string path)
    {
        int line = 0;
        foreach (string text in File.ReadLines(path))
        {
            line++;
            if (string.IsNullOrWhiteSpace(text))
            {
                continue;
            }

            var match = VinyalsLine().Match(text.Trim());
            int degrees = match.Success
                ? int.Parse(match.Groups["degrees"].Value, CultureInfo.InvariantCulture) : -1;
            if (degrees is not (0 or 90 or 180 or 270))
            {
                throw new InvalidDataException(
                    $"'{path}' line {line} is '{text}'; expected Alphabet/characterNN/rotDDD "
                    + "with DDD one of 000, 090, 180, 270.");
            }
            yield return (line, match.Groups["character"].Value, degrees);
        }
    }

    [GeneratedRegex(@"^(?<character>[^/]+/character\d+)/rot(?<degrees>\d{3})$")]
    private static partial Regex VinyalsLine();
}
