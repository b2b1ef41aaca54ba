using System.Text.Json;
using System.Text.Json.Serialization;

namespace MetaHarmony.Experiments;

/// <summary>The one JSON style of the kit's files: indented, enums as names.</summary>
public static class JsonFormat
{
    /// <summary>Options for <see cref="JsonSerializer"/>.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        WriteIndented = true,
        Converters = { new JsonStringEnumConverter() },
        NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };
}
