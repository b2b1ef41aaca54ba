using MetaHarmony.Runtime;

namespace MetaHarmony.Tests.Runtime;

public sealed class StatelessRandomTests
{
    [Fact]
    public void TheSameKeyDrawsTheSameNumbers()
    {
        var a = new StatelessRandom(7, 100, 1);
        var b = new StatelessRandom(7, 100, 1);
        var otherIteration = new StatelessRandom(7, 101, 1);
        var otherPurpose = new StatelessRandom(7, 100, 2);

        ulong first = a.NextBits();
        Assert.Equal(first, b.NextBits());
        Assert.NotEqual(first, otherIteration.NextBits());
        Assert.NotEqual(first, otherPurpose.NextBits());
    }

    [Fact]
    public void DrawsAreUniform()
    {
        var random = new StatelessRandom(1, 2, 3);
        var draws = Enumerable.Range(0, 20000).Select(_ => random.NextDouble()).ToList();

        Assert.All(draws, d => Assert.InRange(d, 0, 1 - 1e-17));
        // Mean of 20000 uniforms: 0.5 ± 0.002 (one standard error), so 0.01 is 5 of them.
        Assert.InRange(draws.Average(), 0.49, 0.51);
        Assert.InRange(draws.Count(d => d < 0.25), 4700, 5300);
    }

    [Fact]
    public void ShufflesReachEveryOrder()
    {
        var orders = new Dictionary<string, int>();
        for (int iteration = 0; iteration < 600; iteration++)
        {
            var random = new StatelessRandom(0, iteration, 9);
            int[] items = [0, 1, 2];
            random.Shuffle(items);
            Assert.Equal([0, 1, 2], items.Order());
            string key = string.Join(",", items);
            orders[key] = orders.GetValueOrDefault(key) + 1;
        }

        Assert.Equal(6, orders.Count);
        Assert.All(orders.Values, count => Assert.InRange(count, 60, 140));
    }
}
