using System.Globalization;
using System.Reflection;

namespace MetaHarmony.Experiments;

/// <summary>
/// Applies "Name=value" overrides to an immutable configuration (a record, or any class with
/// settable or init-only properties) without editing the code that built it. Each override
/// works on a copy; dotted names reach nested records ("Schedule.EndEpoch=20"); lists take
/// comma-separated values ("Shots=1,5"). The name "preset" is special: it calls the
/// configuration's <c>WithPreset(string)</c> first, which is how a notebook run headless
/// switches to the smoke preset.
/// </summary>
public static class ConfigOverrides
{
    /// <summary>The override that selects a preset.</summary>
    public const string PresetKey = "preset";

    /// <summary>
    /// Parses "a=1; b.c=x" or one pair a line; blank entries and lines starting with '#' are
    /// skipped.
    /// </summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Parse(string? text)
    {
        var pairs = new List<KeyValuePair<string, string>>();
        foreach (string raw in (text ?? "").Split(['\n', ';'], StringSplitOptions.TrimEntries))
        {
            if (raw.Length == 0 || raw.StartsWith('#'))
            {
                continue;
            }

            int equals = raw.IndexOf('=', StringComparison.Ordinal);
            if (equals <= 0)
            {
                throw new ArgumentException(
                    $"Override '{raw}' is not of the form Name=value (e.g. Iterations=100).",
                    nameof(text));
            }
            pairs.Add(new(raw[..equals].Trim(), raw[(equals + 1)..].Trim()));
        }
        return pairs;
    }

    /// <summary>
    /// A copy of <paramref name="config"/> with the overrides applied: the preset first, then
    /// the others in order. Unknown names and unreadable values raise
    /// <see cref="ArgumentException"/> naming them.
    /// </summary>
    public static T Apply<T>(T config, IEnumerable<KeyValuePair<string, string>> overrides)
        where T : class
    {
        ArgumentNullException.ThrowIfNull(config);
        ArgumentNullException.ThrowIfNull(overrides);
        var list = overrides.ToList();
        object result = config;
        foreach (var preset in list.Where(IsPreset))
        {
            result = WithPreset(result, preset.Value);
        }
        foreach (var (name, value) in list.Where(o => !IsPreset(o)))
        {
            result = With(result, name.Split('.'), value, name);
        }
        return (T)result;
    }

    static bool IsPreset(KeyValuePair<string, string> pair) =>
        string.Equals(pair.Key, PresetKey, StringComparison.OrdinalIgnoreCase);

    static object WithPreset(object config, string preset)
    {
        var method = config.GetType().GetMethod("WithPreset", [typeof(string)]);
        if (method is not null && method.ReturnType.IsInstanceOfType(config))
        {
            return Invoke(() => method.Invoke(config, [preset]))!;
        }
        if (Property(config.GetType(), PresetKey) is not null)
        {
            return With(config, [PresetKey], preset, PresetKey);
        }
        throw new ArgumentException(
            $"preset={preset} was requested, but {config.GetType().Name} has neither a "
            + "WithPreset(string) method nor a Preset property.", nameof(config));
    }

    static object With(object target, string[] path, string value, string fullName)
    {
        var type = target.GetType();
        var property = Property(type, path[0]) ?? throw new ArgumentException(
            $"Override '{fullName}': {type.Name} has no property '{path[0]}'; it has "
            + string.Join(", ", Settable(type).Select(p => p.Name)) + ".", nameof(path));
        if (property.SetMethod is null)
        {
            throw new ArgumentException(
                $"Override '{fullName}': {type.Name}.{property.Name} cannot be set.",
                nameof(path));
        }

        object copy = Clone(target);
        object? newValue = path.Length == 1
            ? Convert(value, property.PropertyType, fullName)
            : With(property.GetValue(copy) ?? NullDefault(copy, property, fullName),
                path[1..], value, fullName);
        Invoke(() => property.SetValue(copy, newValue));
        return copy;
    }

    /// <summary>
    /// What a dotted override edits when the nested value is null: the value the null stands
    /// for (<see cref="IOverrideDefaults"/>), else a new instance with its defaults.
    /// </summary>
    static object NullDefault(object target, PropertyInfo property, string fullName)
    {
        object? value = target is IOverrideDefaults defaults
            ? defaults.DefaultFor(property.Name) : null;
        if (value is null && property.PropertyType.GetConstructor(Type.EmptyTypes) is { } ctor)
        {
            value = ctor.Invoke(null);
        }
        return value ?? throw new ArgumentException(
            $"Override '{fullName}': {target.GetType().Name}.{property.Name} is null and has "
            + "no default to edit; set it as a whole first.", nameof(fullName));
    }

    static PropertyInfo? Property(Type type, string name) =>
        type.GetProperty(name,
            BindingFlags.Public | BindingFlags.Instance | BindingFlags.IgnoreCase);

    static IEnumerable<PropertyInfo> Settable(Type type) =>
        type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.SetMethod is { IsPublic: true });

    /// <summary>Records copy themselves through their compiler-made clone method.</summary>
    static object Clone(object target)
    {
        var clone = target.GetType()
            .GetMethod("<Clone>$", BindingFlags.Public | BindingFlags.Instance);
        return clone is not null ? clone.Invoke(target, null)!
            : target.GetType().GetMethod("MemberwiseClone",
                BindingFlags.NonPublic | BindingFlags.Instance)!.Invoke(target, null)!;
    }

    static object? Convert(string text, Type type, string name)
    {
        var underlying = Nullable.GetUnderlyingType(type);
        if (underlying is not null)
        {
            return text.Length == 0 || text.Equals("null", StringComparison.OrdinalIgnoreCase)
                ? null : Convert(text, underlying, name);
        }

        var element = ElementType(type);
        if (element is not null)
        {
            var items = text.Split(',',
                    StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)
                .Select(item => Convert(item, element, name)).ToArray();
            var array = Array.CreateInstance(element, items.Length);
            Array.Copy(items, array, items.Length);
            return type.IsArray || type.IsInterface ? array
                : Activator.CreateInstance(type, array);
        }

        try
        {
            return type.IsEnum ? ParseEnum(text, type, name)
                : type == typeof(TimeSpan) ? TimeSpan.Parse(text, CultureInfo.InvariantCulture)
                : System.Convert.ChangeType(text, type, CultureInfo.InvariantCulture);
        }
        catch (Exception e) when (e is FormatException or InvalidCastException or OverflowException)
        {
            throw new ArgumentException(
                $"Override '{name}={text}': '{text}' is not a {type.Name}.", nameof(text), e);
        }
    }

    static Type? ElementType(Type type)
    {
        if (type == typeof(string))
        {
            return null;
        }
        if (type.IsArray)
        {
            return type.GetElementType();
        }
        return type.IsGenericType && type.GetGenericArguments().Length == 1
            && typeof(System.Collections.IEnumerable).IsAssignableFrom(type)
            ? type.GetGenericArguments()[0] : null;
    }

    /// <summary>Accepts "SoftmaxAttention", "softmax-attention" and "softmax_attention".</summary>
    static object ParseEnum(string text, Type type, string name)
    {
        string plain = text.Replace("-", "", StringComparison.Ordinal)
            .Replace("_", "", StringComparison.Ordinal);
        return Enum.TryParse(type, plain, ignoreCase: true, out object? value)
            ? value
            : throw new ArgumentException(
                $"Override '{name}={text}': use one of {string.Join(", ", Enum.GetNames(type))}.",
                nameof(text));
    }

    static object? Invoke(Func<object?> call)
    {
        try
        {
            return call();
        }
        catch (TargetInvocationException e) when (e.InnerException is not null)
        {
            throw e.InnerException;
        }
    }

    static void Invoke(Action call) => Invoke(() =>
    {
        call();
        return null;
    });
}
