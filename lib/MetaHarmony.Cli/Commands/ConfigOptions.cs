using System.CommandLine;
using System.CommandLine.Parsing;
using MetaHarmony.Experiments;

namespace MetaHarmony.Cli.Commands;

/// <summary>
/// The options of <c>run</c> that shape the experiment: a preset and variant, the grid's
/// N, K, seed and length, the options researchers change most, and <c>--set Name=value</c>
/// for every other setting of <see cref="ExperimentConfig"/>. The configuration is built as
/// the notebooks build theirs: an <see cref="ExperimentPlan"/> of one run, then overrides.
/// </summary>
internal sealed class ConfigOptions
{
    readonly Option<string> preset = new("--preset")
    {
        Description = "The starting point: " + string.Join(", ", Presets.Names),
        DefaultValueFactory = _ => Presets.Quick,
    };

    readonly Option<string> variant = new("--variant")
    {
        Description = "The configuration (names the run in tables): "
            + string.Join(", ", Variants.All),
        DefaultValueFactory = _ => Variants.Full,
    };

    readonly Option<int> ways = AtLeast("--ways", 2, "N: classes per episode", 5);
    readonly Option<int> shots = AtLeast("--shots", 1, "K: support images per class", 1);
    readonly Option<long> seed = new("--seed")
    {
        Description = "Seeds the initial weights, the episodes and the random choices",
    };

    readonly Option<int?> iterations = AtLeast<int?>("--iterations", 1,
        "Meta-iterations (the schedule's epochs scale with it); default: the preset's", null);

    readonly Option<int?> episodes = AtLeast<int?>("--episodes", 2,
        "Meta-test episodes; default: the preset's", null);

    readonly Option<string[]> set = new("--set")
    {
        Description = "Any other setting of ExperimentConfig, e.g. --set InnerSteps=3 "
            + "--set Schedule.TransitionEpoch=10 (dotted names reach nested settings); "
            + "repeatable, applied last",
        HelpName = "NAME=VALUE",
        Arity = ArgumentArity.OneOrMore,
    };

    /// <summary>Named shortcuts for settings of the configuration, and what each sets.</summary>
    readonly (Option<string> Option, string Path)[] shortcuts =
    [
        (Text("--dataset", "NAME", "kanji, omniglot, miniimagenet, tieredimagenet, cub or "
            + "folder"), "Dataset.Name"),
        (Text("--data", "PATH", "Where the dataset is (its root folder)"), "Dataset.Root"),
        (Text("--image-size", "PIXELS", "Side of the square images"), "Dataset.ImageSize"),
        (Text("--backbone", "KIND", "conv4 or resnet12"), "Backbone.Kind"),
        (Text("--aggregator", "KIND", "Replaces the variant's harmonizing aggregator: mean, "
            + "softmax-attention, multi-head-attention, hierarchical-attention, "
            + "gradient-agreement, pcgrad"), "Aggregator.Kind"),
        (Text("--score", "SCORE", "Attention score of the aggregators"), "Aggregator.Score"),
        (Text("--temperature", "T", "Softmax temperature of the aggregators"),
            "Aggregator.Temperature"),
        (Text("--heads", "H", "Heads of multi-head attention"), "Aggregator.Heads"),
        (Text("--schedule", "SHAPE", "Explore-exploit ramp: cosine, linear, step, none"),
            "Schedule.Shape"),
        (Text("--sampling", "HOW", "Explore-exploit sampling: interleaved or random"),
            "Schedule.Sampling"),
        (Text("--transition-epoch", "EPOCH", "Epoch at which harmonizing reaches p = 1"),
            "Schedule.TransitionEpoch"),
    ];

    public ConfigOptions()
    {
        preset.AcceptOnlyFromAmong([.. Presets.Names]);
        variant.AcceptOnlyFromAmong([.. Variants.All]);
    }

    /// <summary>Every option of this group, in the order help lists them.</summary>
    public IEnumerable<Option> All =>
        [preset, variant, ways, shots, seed, iterations, episodes,
            .. shortcuts.Select(s => s.Option), set];

    /// <summary>The options of this group that the command line gives explicitly.</summary>
    public IReadOnlyList<string> Given(ParseResult parse) =>
        All.Where(o => parse.GetResult(o) is { Implicit: false }).Select(o => o.Name).ToList();

    /// <summary>The configuration the options describe, validated.</summary>
    public ExperimentConfig Build(ParseResult parse)
    {
        ExperimentConfig config;
        try
        {
            var plan = new ExperimentPlan
            {
                Preset = parse.GetValue(preset)!,
                Variants = [parse.GetValue(variant)!],
                Shots = [parse.GetValue(shots)],
                Seeds = [parse.GetValue(seed)],
                Ways = parse.GetValue(ways),
                Iterations = parse.GetValue(iterations),
                EvaluationEpisodes = parse.GetValue(episodes),
            };
            config = plan.Configs()[0];
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException("The configuration is not valid: "
                + CliUsageException.Plain(e), e);
        }

        foreach (var (option, path) in shortcuts)
        {
            if (parse.GetValue(option) is { } value)
            {
                config = Override(config, path, value, $"{option.Name} {value}");
            }
        }
        foreach (string pair in parse.GetValue(set) ?? [])
        {
            config = Override(config, pair, $"--set {pair}");
        }

        try
        {
            return config.Validate();
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException("The configuration is not valid: "
                + CliUsageException.Plain(e), e);
        }
    }

    static ExperimentConfig Override(ExperimentConfig config, string path, string value,
        string origin) => Override(config, $"{path}={value}", origin);

    static ExperimentConfig Override(ExperimentConfig config, string pair, string origin)
    {
        try
        {
            var overrides = ConfigOverrides.Parse(pair);
            if (overrides.Any(o => o.Key.Equals(ConfigOverrides.PresetKey,
                StringComparison.OrdinalIgnoreCase)))
            {
                throw new ArgumentException("choose the preset with --preset NAME.");
            }
            return ConfigOverrides.Apply(config, overrides);
        }
        catch (ArgumentException e)
        {
            throw new CliUsageException($"{origin}: {Reason(e, pair)}", e);
        }
    }

    /// <summary>The overrides' message without what the option already says.</summary>
    static string Reason(ArgumentException error, string pair)
    {
        string message = CliUsageException.Plain(error);
        string prefix = $"Override '{pair}': ";
        return message.StartsWith(prefix, StringComparison.Ordinal) ? message[prefix.Length..]
            : message;
    }

    static Option<string> Text(string name, string helpName, string description) =>
        new(name) { Description = description, HelpName = helpName };

    static Option<T> AtLeast<T>(string name, int minimum, string description, T defaultValue)
    {
        var option = new Option<T>(name)
        {
            Description = description,
            DefaultValueFactory = _ => defaultValue,
        };
        option.Validators.Add(result =>
        {
            if (ValueOf<T>(result) is int value && value < minimum)
            {
                result.AddError($"{name} {value}: use {minimum} or more.");
            }
        });
        return option;
    }

    /// <summary>
    /// The option's value for a validator, or the default when the text did not parse (the
    /// parser reports that error itself, naming the option).
    /// </summary>
    internal static T? ValueOf<T>(OptionResult result)
    {
        try
        {
            return result.GetValueOrDefault<T>();
        }
        catch (InvalidOperationException)
        {
            return default;
        }
    }
}
