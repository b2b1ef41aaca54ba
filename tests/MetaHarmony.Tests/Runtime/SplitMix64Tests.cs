using MetaHarmony.Runtime;

namespace MetaHarmony.Tests.Runtime;

public sealed class SplitMix64Tests
{
    [Fact]
    public void MatchesTheReferenceSequence()
    {
        // The reference implementation's first outputs for seed 1234567 (Vigna's splitmix64.c).
        var random = new SplitMix64(1234567);

        Assert.Equal(6457827717110365317UL, random.Next());
        Assert.Equal(3203168211198807973UL, random.Next());
        Assert.Equal(9817491932198370423UL, random.Next());
    }

    [Fact]
    public void KeysThatDifferInAnyPartGiveDifferentStreams()
    {
        ulong First(long seed, long a, long b, long c) => SplitMix64.ForKey(seed, a, b, c).Next();

        var firsts = new[]
        {
            First(0, 0, 0, 0), First(1, 0, 0, 0), First(0, 1, 0, 0), First(0, 0, 1, 0),
            First(0, 0, 0, 1), First(0, 1, 1, 0), First(1, 1, 0, 0),
        };

        Assert.Equal(firsts.Length, firsts.Distinct().Count());
        Assert.Equal(First(7, 3, 2, 1), First(7, 3, 2, 1));
    }

    [Fact]
    public void BoundedIntegersAreUniform()
    {
        var random = new SplitMix64(42);
        var counts = new int[7];
        const int Draws = 70_000;
        for (int i = 0; i < Draws; i++)
        {
            counts[random.NextInt(7)]++;
        }

        // Chi-square with 6 degrees of freedom: 22.5 is its 0.999 quantile.
        double expected = Draws / 7.0;
        double chiSquare = counts.Sum(c => (c - expected) * (c - expected) / expected);
        Assert.True(chiSquare < 22.5,
            $"chi-square {chiSquare:F1}; counts {string.Join(",", counts)}");
    }

    [Fact]
    public void PartialShuffleDrawsDistinctItemsFromTheWholeSpan()
    {
        var seen = new HashSet<int>();
        for (int trial = 0; trial < 200; trial++)
        {
            var items = Enumerable.Range(0, 10).ToArray();
            var random = SplitMix64.ForKey(trial);
            random.ShuffleFirst(items.AsSpan(), 3);

            Assert.Equal(3, items.Take(3).Distinct().Count());
            Assert.Equal(Enumerable.Range(0, 10), items.Order());
            seen.UnionWith(items.Take(3));
        }
        Assert.Equal(10, seen.Count);
    }
}
