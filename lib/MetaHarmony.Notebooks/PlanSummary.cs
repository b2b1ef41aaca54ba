using System.Globalization;
using MetaHarmony.Experiments;
using MetaHarmony.Reporting;

namespace MetaHarmony.Notebooks;

/// <summary>
/// An experiment plan as the parameters cell's output shows it: one row per setting, with the
/// value in force. A knob of the plan left null is marked "(preset)"; the rows below the knobs
/// (meta-batch, queries, inner loop, backbone) always come from the preset, or from
/// <see cref="ExperimentPlan.Customize"/>.
/// </summary>
internal static class PlanSummary
{
    public static TextTable Of(ExperimentPlan plan)
    {
        ArgumentNullException.ThrowIfNull(plan);
        List<ExperimentConfig> configs;
        try
        {
            configs = plan.Shots.Select(plan.ConfigFor).ToList();
        }
        catch (ArgumentException error)
        {
            return new TextTable(["knob", "value"], [["plan", $"not valid: {error.Message}"]]);
        }

        var first = configs[0];
        var rows = new List<IReadOnlyList<string>>
        {
            Row("preset", plan.Preset),
            Row("dataset", Dataset(first), plan.Dataset is null),
            Row("task", $"{plan.Ways}-way, {Join(plan.Shots.Select(s => $"{s}-shot"))}"),
            Row("variants", Join(plan.Variants)),
            Row("seeds", Join(plan.Seeds)),
            Row("meta-iterations", Number(first.Iterations), plan.Iterations is null),
            Row("test episodes", Number(first.EvaluationEpisodes),
                plan.EvaluationEpisodes is null),
            Row("meta-batch (tasks)", PerShot(configs, c => Number(c.MetaBatchSize))),
            Row("queries per class", PerShot(configs, c => Number(c.Queries))),
            Row("inner steps (train / test)", $"{first.InnerSteps} / {first.InnerStepsTest}"),
            Row("inner / outer step size",
                $"α {Number(first.InnerStepSize)}, β {Number(first.MetaStepSize)} (Adam)"),
            Row("adaptation", first.Adaptation.ToString()),
            Row("backbone", Backbone(first)),
            Row("aggregator options", $"score {plan.Aggregator.Score}, τ "
                + $"{Number(plan.Aggregator.Temperature)}, {plan.Aggregator.Heads} heads, levels "
                + $"{plan.Aggregator.Levels}"),
            Row("explore-exploit", Schedule(first), plan.Schedule is null),
            Row("retrain", plan.Retrain ? "yes" : "no: reuse saved runs of the same config"),
        };
        return new TextTable(["knob", "value"], rows);
    }

    static IReadOnlyList<string> Row(string knob, string value, bool fromPreset = false) =>
        [knob, fromPreset ? value + " (preset)" : value];

    static string Dataset(ExperimentConfig config)
    {
        var d = config.Dataset;
        string where = d.Root is null ? "embedded" : d.Root;
        return $"{d.NormalizedName} ({where}), {d.EffectiveChannels} x {d.EffectiveImageSize} x "
            + $"{d.EffectiveImageSize}";
    }

    static string Backbone(ExperimentConfig config) =>
        config.Backbone.Kind == Models.BackboneKind.Conv4
            ? $"Conv4-{config.Backbone.Conv4.Filters}, {config.Backbone.Conv4.Downsampling}"
            : config.Backbone.Kind.ToString();

    static string Schedule(ExperimentConfig config)
    {
        var s = config.Schedule;
        return $"{s.Shape} ramp, {s.Sampling}, all updates harmonized from epoch "
            + $"{Number(s.TransitionEpoch)} (an epoch is {Number(s.IterationsPerEpoch)} "
            + "iterations)";
    }

    static string PerShot(List<ExperimentConfig> configs, Func<ExperimentConfig, string> value)
    {
        var values = configs.Select(value).ToList();
        return values.Distinct().Count() == 1 ? values[0]
            : Join(configs.Select((c, i) => $"{values[i]} ({c.Shots}-shot)"));
    }

    static string Join<T>(IEnumerable<T> values) => string.Join(", ", values);

    static string Number(double value) => value.ToString("G", CultureInfo.InvariantCulture);
}
