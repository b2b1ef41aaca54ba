namespace MetaHarmony.Tests.Style;

/// <summary>House rules that a compiler does not check.</summary>
public sealed class SourceStyleTests
{
    const int MaxLineLength = 100;

    [Fact]
    public void SourceLinesFitInOneHundredCharacters()
    {
        string root = TestPaths.RepositoryRoot;
        var tooLong = new[] { "lib", "tests", "build", "bench" }
            .SelectMany(d => Directory.EnumerateFiles(Path.Combine(root, d), "*.cs",
                SearchOption.AllDirectories))
            .Where(IsSource)
            .SelectMany(f => File.ReadLines(f).Select((line, i) =>
                (File: Path.GetRelativePath(root, f), Line: i + 1, line.Length)))
            .Where(x => x.Length > MaxLineLength)
            .Select(x => $"{x.File}:{x.Line} ({x.Length})")
            .ToList();

        Assert.True(tooLong.Count == 0,
            "Lines over 100 characters:\n" + string.Join("\n", tooLong));
    }

    static bool IsSource(string path)
    {
        char s = Path.DirectorySeparatorChar;
        return !path.Contains($"{s}obj{s}", StringComparison.Ordinal)
            && !path.Contains($"{s}bin{s}", StringComparison.Ordinal);
    }
}
