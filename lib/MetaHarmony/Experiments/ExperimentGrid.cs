namespace MetaHarmony.Experiments;

/// <summary>
/// The runs of an experiment: every configuration (variant) for every shot count and seed,
/// numbered in a fixed order (variant, then shots, then seed), so that a scheduler's array
/// index picks the same run on every machine.
/// </summary>
public static class ExperimentGrid
{
    /// <summary>
    /// Expands a grid. <paramref name="baseFor"/> gives the base config for a shot count (a
    /// preset, say, whose meta-batch size depends on K); each variant is then applied to it.
    /// </summary>
    public static IReadOnlyList<ExperimentConfig> Expand(Func<int, ExperimentConfig> baseFor,
        IEnumerable<string> variants, IEnumerable<int> shots, IEnumerable<long> seeds)
    {
        ArgumentNullException.ThrowIfNull(baseFor);
        var variantList = Distinct(variants, nameof(variants));
        var shotList = Distinct(shots, nameof(shots));
        var seedList = Distinct(seeds, nameof(seeds));
        return variantList
            .SelectMany(v => shotList.SelectMany(k => seedList.Select(s =>
                Variants.Apply(baseFor(k), v) with { Seed = s })))
            .ToList();
    }

    /// <summary>The grid of a named preset (see <see cref="Presets"/>).</summary>
    public static IReadOnlyList<ExperimentConfig> FromPreset(string preset,
        IEnumerable<string> variants, IEnumerable<int> shots, IEnumerable<long> seeds,
        Func<ExperimentConfig, ExperimentConfig>? customize = null) =>
        Expand(k => (customize ?? (c => c))(Presets.Get(preset, k)), variants, shots, seeds);

    static List<T> Distinct<T>(IEnumerable<T> values, string name)
    {
        ArgumentNullException.ThrowIfNull(values, name);
        var list = values.ToList();
        if (list.Count == 0)
        {
            throw new ArgumentException($"The grid's {name} list is empty; give at least one.",
                name);
        }
        if (list.Distinct().Count() != list.Count)
        {
            throw new ArgumentException(
                $"The grid's {name} list repeats a value: [{string.Join(", ", list)}].", name);
        }
        return list;
    }
}
