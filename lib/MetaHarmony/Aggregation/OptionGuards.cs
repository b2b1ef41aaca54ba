using System.Globalization;

namespace MetaHarmony.Aggregation;

/// <summary>The range checks shared by the aggregators' options.</summary>
internal static class OptionGuards
{
    /// <summary>Throws unless τ is finite and &gt; 0.</summary>
    public static void Temperature(double temperature)
    {
        if (!double.IsFinite(temperature) || temperature <= 0)
        {
            throw new ArgumentException(
                $"Temperature = {Format(temperature)} is out of range: the softmax temperature "
                + "must be a finite number greater than 0 (1 is the default).",
                nameof(Temperature));
        }
    }

    /// <summary>Throws unless <paramref name="value"/> is a named member of its enum.</summary>
    public static void Defined<T>(T value, string? name = null)
        where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            throw new ArgumentException(
                $"{name ?? typeof(T).Name} = {value} is not one of "
                + $"{string.Join(", ", Enum.GetNames<T>())}.", name ?? typeof(T).Name);
        }
    }

    /// <summary>A number as a user would type it in a notebook cell.</summary>
    public static string Format(double value) => value.ToString(CultureInfo.InvariantCulture);
}
