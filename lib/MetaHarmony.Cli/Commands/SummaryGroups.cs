using System.Text.Json;
using System.Text.Json.Nodes;
using MetaHarmony.Experiments;

namespace MetaHarmony.Cli.Commands;

/// <summary>The runs of one results table.</summary>
/// <param name="Dataset">The dataset all of them trained on.</param>
/// <param name="Backbone">Their backbone.</param>
/// <param name="Settings">
/// What sets these runs apart from the other groups of the same dataset and backbone, e.g.
/// "Iterations 12"; empty when there is no other group.
/// </param>
/// <param name="Runs">The runs, in the store's order.</param>
internal sealed record SummaryGroup(string Dataset, string Backbone, string Settings,
    IReadOnlyList<StoredRun> Runs);

/// <summary>
/// Splits a results folder into tables: one per dataset and backbone, and within those one per
/// set of training settings, so that runs of one variant trained differently (a smoke run
/// beside a quick one) are shown side by side rather than refused as duplicates.
/// </summary>
internal static class SummaryGroups
{
    /// <summary>What one table spreads over (rows, columns, seeds): never a reason to split.
    /// </summary>
    static readonly string[] WithinTable = ["Variant", "Seed", "Ways", "Shots"];

    /// <summary>
    /// Settings that a variant sets (Variants.Apply) or that the paper's presets set per shot
    /// count, and where the data lies: they split a group only where two runs of the same
    /// variant, shape and seed would otherwise meet in one table.
    /// </summary>
    static readonly string[] SplitOnlyIfNeeded =
        ["Aggregator", "Schedule", "MetaBatchSize", "Dataset.Root", "Dataset.CacheFolder"];

    /// <summary>How many differing settings are listed before a matching preset is named.
    /// </summary>
    const int MostListed = 3;

    /// <summary>
    /// The groups of <paramref name="runs"/>: by dataset and backbone, then by settings.
    /// </summary>
    public static IReadOnlyList<SummaryGroup> Of(IReadOnlyList<StoredRun> runs)
    {
        ArgumentNullException.ThrowIfNull(runs);
        return [.. runs
            .GroupBy(r => (r.Record.Description.Dataset, r.Record.Description.Backbone))
            .OrderBy(g => g.Key)
            .SelectMany(g => BySettings(g.Key.Dataset, g.Key.Backbone, [.. g]))];
    }

    static IEnumerable<SummaryGroup> BySettings(string dataset, string backbone,
        List<StoredRun> runs)
    {
        var settings = runs.ToDictionary(r => r, r => Flatten(r.Config));
        var needed = new HashSet<string>(StringComparer.Ordinal);
        List<List<StoredRun>> groups;
        while (true)
        {
            groups = [.. runs.GroupBy(r => Key(settings[r], needed), StringComparer.Ordinal)
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => g.ToList())];

            // Two runs of one label in a group differ in a setting not yet looked at: add it.
            var more = groups.SelectMany(g => g.GroupBy(r => r.Record.Description.Label))
                .Where(same => same.Count() > 1)
                .SelectMany(same => Differing(same.Select(r => settings[r]).ToList()))
                .Where(needed.Add)
                .ToList();
            if (more.Count == 0)
            {
                break;
            }
        }

        var keys = groups.Select(g => Counted(settings[g[0]], needed)).ToList();
        var differing = Differing(keys);
        return groups.Select((g, i) => new SummaryGroup(dataset, backbone,
            Describe(keys[i], differing, g[0].Config.Shots), g));
    }

    /// <summary>
    /// "Iterations 12, Queries 5": the values of the settings that differ between the groups;
    /// when more than <see cref="MostListed"/> differ and they are those of a preset, "preset
    /// smoke" instead.
    /// </summary>
    static string Describe(SortedDictionary<string, string> key, List<string> differing,
        int shots)
    {
        if (differing.Count > MostListed)
        {
            string? preset = Presets.Names.FirstOrDefault(name =>
            {
                var values = Flatten(Presets.Get(name, shots));
                return differing.All(p => values.GetValueOrDefault(p) == key.GetValueOrDefault(p));
            });
            if (preset is not null)
            {
                return $"preset {preset}";
            }
        }
        return string.Join(", ", differing.Select(p => $"{p} {key.GetValueOrDefault(p)}"));
    }

    /// <summary>
    /// The settings a group is keyed on: all but those a table spreads over, and of those that
    /// split only if needed, the ones in <paramref name="needed"/>.
    /// </summary>
    static SortedDictionary<string, string> Counted(SortedDictionary<string, string> settings,
        HashSet<string> needed) =>
        new(settings.Where(s => !Under(s.Key, WithinTable)
                && (needed.Contains(s.Key) || !Under(s.Key, SplitOnlyIfNeeded)))
            .ToDictionary(s => s.Key, s => s.Value), StringComparer.Ordinal);

    static string Key(SortedDictionary<string, string> settings, HashSet<string> needed) =>
        string.Join("\n", Counted(settings, needed).Select(s => $"{s.Key}={s.Value}"));

    /// <summary>
    /// The settings whose values are not the same in all of <paramref name="sets"/>.
    /// </summary>
    static List<string> Differing(IReadOnlyList<IReadOnlyDictionary<string, string>> sets) =>
        [.. sets.SelectMany(s => s.Keys).Distinct().Order(StringComparer.Ordinal)
            .Where(path => !Under(path, WithinTable))
            .Where(path => sets.Select(s => s.GetValueOrDefault(path)).Distinct().Count() > 1)];

    static bool Under(string path, string[] prefixes) =>
        prefixes.Any(p => path == p || path.StartsWith(p + ".", StringComparison.Ordinal));

    /// <summary>Every setting as "Dataset.ImageSize" → "16", as the run's JSON spells it.</summary>
    static SortedDictionary<string, string> Flatten(ExperimentConfig config)
    {
        var flat = new SortedDictionary<string, string>(StringComparer.Ordinal);
        Walk(JsonSerializer.SerializeToNode(config, JsonFormat.Options), "");
        return flat;

        void Walk(JsonNode? node, string path)
        {
            if (node is JsonObject members)
            {
                foreach (var (name, value) in members)
                {
                    Walk(value, path.Length == 0 ? name : $"{path}.{name}");
                }
                return;
            }
            flat[path] = node is JsonValue leaf && leaf.TryGetValue(out string? text)
                ? text : node?.ToJsonString() ?? "null";
        }
    }
}
