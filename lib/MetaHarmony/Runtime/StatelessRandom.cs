namespace MetaHarmony.Runtime;

/// <summary>
/// Random numbers that are a pure function of a key (seed, iteration, purpose), with no state
/// carried between calls. A run resumed from a checkpoint therefore draws exactly what the
/// uninterrupted run would have, and two consumers with different purposes never share draws.
/// The generator is SplitMix64 (Steele, Lea and Flood 2014), whose output is fixed by its
/// definition, unlike <see cref="Random"/> whose sequence may change between .NET versions.
/// </summary>
internal struct StatelessRandom
{
    const ulong Golden = 0x9E3779B97F4A7C15UL;
    ulong state;

    /// <summary>A generator keyed by the run's seed, the iteration and a purpose tag.</summary>
    public StatelessRandom(long seed, long iteration, ulong purpose)
    {
        state = Finalize(Finalize(Finalize((ulong)seed + Golden) ^ (ulong)iteration) ^ purpose);
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong NextBits()
    {
        state += Golden;
        return Finalize(state);
    }

    /// <summary>A uniform draw from [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (NextBits() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform integer in [0, <paramref name="count"/>), count &gt; 0.</summary>
    public int NextInt(int count) => (int)Math.BigMul(NextBits(), (ulong)count, out _);

    /// <summary>Shuffles <paramref name="items"/> in place (Fisher-Yates).</summary>
    public void Shuffle(int[] items)
    {
        for (int i = items.Length - 1; i > 0; i--)
        {
            int j = NextInt(i + 1);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
