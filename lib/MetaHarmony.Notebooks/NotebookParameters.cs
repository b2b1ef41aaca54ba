using System.Net;
using MetaHarmony.Experiments;
using Microsoft.DotNet.Interactive;

namespace MetaHarmony.Notebooks;

/// <summary>
/// The end of a notebook's parameters cell: <c>var plan = ... .WithOverrides();</c>. In an
/// editor it returns the plan (or configuration) as written. The headless runner passes
/// overrides in the environment, so CI can run every notebook at the smoke preset without
/// editing it.
/// </summary>
public static class NotebookParameters
{
    /// <summary>Overrides as text: "preset=smoke; Iterations=20" or one pair a line.</summary>
    public const string OverridesVariable = "METAHARMONY_OVERRIDES";

    /// <summary>A file of overrides, one "Name=value" a line.</summary>
    public const string OverridesFileVariable = "METAHARMONY_OVERRIDES_FILE";

    /// <summary>The overrides in force for this process (file first, then the variable).</summary>
    public static IReadOnlyList<KeyValuePair<string, string>> Current()
    {
        string? file = Environment.GetEnvironmentVariable(OverridesFileVariable);
        string fromFile = string.IsNullOrWhiteSpace(file) ? ""
            : File.Exists(file) ? File.ReadAllText(file)
            : throw new ArgumentException(
                $"{OverridesFileVariable}={file}, but that file does not exist.");
        return
        [
            .. ConfigOverrides.Parse(fromFile),
            .. ConfigOverrides.Parse(Environment.GetEnvironmentVariable(OverridesVariable)),
        ];
    }

    /// <summary>
    /// <paramref name="config"/> with the runner's overrides applied (see
    /// <see cref="ConfigOverrides"/>); unchanged when there are none. In a notebook, the
    /// overrides applied are shown under the cell.
    /// </summary>
    public static T WithOverrides<T>(this T config) where T : class
    {
        var overrides = Current();
        if (overrides.Count == 0)
        {
            return config;
        }

        var result = ConfigOverrides.Apply(config, overrides);
        if (KernelInvocationContext.Current is not null)
        {
            string list = string.Join(", ", overrides.Select(o => $"{o.Key}={o.Value}"));
            ($"<p><em>Parameters overridden by the runner: {WebUtility.HtmlEncode(list)}"
                + "</em></p>").DisplayAs("text/html");
        }
        return result;
    }
}
