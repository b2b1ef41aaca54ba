using System.Globalization;

namespace MetaHarmony.Runtime;

/// <summary>A parsed device request: "auto", "cpu", "cuda" or "cuda:N".</summary>
/// <param name="Kind">"auto", "cpu" or "cuda".</param>
/// <param name="Index">The CUDA device index, or -1 for the default one.</param>
public sealed record DeviceSpec(string Kind, int Index)
{
    /// <summary>Parses a device string; a bad one raises <see cref="ArgumentException"/>.</summary>
    public static DeviceSpec Parse(string device)
    {
        ArgumentNullException.ThrowIfNull(device);
        string text = device.Trim().ToLowerInvariant();
        if (text is "auto" or "cpu" or "cuda")
        {
            return new DeviceSpec(text, -1);
        }

        if (text.StartsWith("cuda:", StringComparison.Ordinal)
            && int.TryParse(text.AsSpan(5), NumberStyles.None, CultureInfo.InvariantCulture,
                out int index))
        {
            return new DeviceSpec("cuda", index);
        }

        throw new ArgumentException(
            $"Device '{device}' is not understood; use \"auto\", \"cpu\", \"cuda\" or \"cuda:N\".",
            nameof(device));
    }
}
