using System.Globalization;

namespace MetaHarmony;

/// <summary>
/// Range checks for option records. Each throws an <see cref="ArgumentException"/> whose
/// parameter name is the option's property name and whose message gives the bad value, the
/// valid range and a hint, in the terms a user would type in a notebook cell.
/// </summary>
internal static class OptionGuards
{
    /// <summary>Throws unless <paramref name="value"/> is finite and &gt; 0.</summary>
    public static void PositiveFinite(double value, string name, string hint)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            throw new ArgumentException(
                $"{name} = {Format(value)} is out of range: it must be a finite number greater "
                + $"than 0 ({hint}).", name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> ≥ <paramref name="minimum"/>.</summary>
    public static void AtLeast(long value, long minimum, string name, string hint)
    {
        if (value < minimum)
        {
            throw new ArgumentException(
                $"{name} = {value.ToString(CultureInfo.InvariantCulture)} is out of range: it "
                + $"must be at least {minimum.ToString(CultureInfo.InvariantCulture)} ({hint}).",
                name);
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a named member of its enum.</summary>
    public static void Defined<T>(T value, string name)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException(
                $"{name} = {value} is not one of {string.Join(", ", Enum.GetNames<T>())}.", name);
        }
    }

    static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
