namespace MetaHarmony.Runtime;

/// <summary>
/// A small deterministic random generator (Steele, Lea and Flood's SplitMix64). The kit uses
/// it instead of <see cref="System.Random"/>, whose algorithm may change between .NET
/// versions, so that a seed draws the same episodes and glyphs on every machine and device.
/// Streams are keyed, not advanced: <see cref="ForKey"/> derives an independent generator from
/// a seed and up to three integers, which makes every draw a pure function of its key.
/// </summary>
public struct SplitMix64
{
    const ulong Golden = 0x9E3779B97F4A7C15UL;
    ulong state;

    /// <summary>A generator whose first output depends on every bit of <paramref name="seed"/>.
    /// </summary>
    public SplitMix64(ulong seed) => state = seed;

    /// <summary>
    /// An independent generator for the key (seed, a, b, c): each part is mixed in turn, so
    /// keys that differ in any part give unrelated streams.
    /// </summary>
    public static SplitMix64 ForKey(long seed, long a = 0, long b = 0, long c = 0)
    {
        unchecked
        {
            ulong h = Mix((ulong)seed + Golden);
            h = Mix(h ^ ((ulong)a + Golden * 2));
            h = Mix(h ^ ((ulong)b + Golden * 3));
            h = Mix(h ^ ((ulong)c + Golden * 4));
            return new SplitMix64(h);
        }
    }

    /// <summary>The next 64 random bits.</summary>
    public ulong Next()
    {
        state += Golden;
        return Mix(state);
    }

    /// <summary>A uniform integer in [0, <paramref name="bound"/>), without modulo bias.</summary>
    public int NextInt(int bound)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(bound);

        // Lemire's multiply-and-reject: the high word of x * bound is uniform once the few
        // values of the low word that would over-represent some results are redrawn.
        ulong range = (ulong)bound;
        ulong threshold = (0UL - range) % range;
        while (true)
        {
            ulong high = Math.BigMul(Next(), range, out ulong low);
            if (low >= threshold)
            {
                return (int)high;
            }
        }
    }

    /// <summary>A uniform double in [0, 1) with 53 random bits.</summary>
    public double NextDouble() => (Next() >> 11) * (1.0 / (1UL << 53));

    /// <summary>A uniform double in [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public double NextUniform(double low, double high) => low + (high - low) * NextDouble();

    /// <summary>
    /// Shuffles the first <paramref name="count"/> places of <paramref name="items"/> so that
    /// they hold a uniform random draw without replacement from the whole span (a partial
    /// Fisher-Yates shuffle).
    /// </summary>
    public void ShuffleFirst<T>(Span<T> items, int count)
    {
        ArgumentOutOfRangeException.ThrowIfGreaterThan(count, items.Length);
        for (int i = 0; i < count; i++)
        {
            int j = i + NextInt(items.Length - i);
            (items[i], items[j]) = (items[j], items[i]);
        }
    }

    static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
