using System.CommandLine;
using MetaHarmony.Aggregation;
using MetaHarmony.Cli;
using MetaHarmony.Cli.Commands;
using MetaHarmony.Experiments;
using MetaHarmony.Schedules;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>Parsing, help and the errors of a wrong command line (exit code 2).</summary>
public sealed class CliOptionsTests
{
    [Theory]
    [InlineData("run", "--checkpoint-every", "--tensorboard", "--sweep", "--set <NAME=VALUE>")]
    [InlineData("sweep", "<FILE>", "--output", "", "")]
    [InlineData("summarize", "<FOLDER>", "--baseline", "", "")]
    public void EveryCommandHasHelp(string command, string a, string b, string c, string d)
    {
        var outcome = Run(command, "--help");

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        Assert.Contains($"metaharmony {command}", outcome.Output, StringComparison.Ordinal);
        Assert.All(new[] { a, b, c, d }, text =>
            Assert.Contains(text, outcome.Output, StringComparison.Ordinal));
    }

    [Fact]
    public void TheRootHelpListsTheCommands()
    {
        var outcome = Run("--help");

        Assert.Equal(0, outcome.ExitCode);
        Assert.All(new[] { "run", "sweep", "summarize" }, name =>
            Assert.Contains($"  {name}", outcome.Output, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(new[] { "run", "--wayz", "3" }, "'--wayz'")]
    [InlineData(new[] { "train" }, "'train'")]
    [InlineData(new[] { "run", "--ways", "three" }, "--ways")]
    [InlineData(new[] { "run", "--ways", "1" }, "--ways 1: use 2 or more")]
    [InlineData(new[] { "run", "--iterations", "0" }, "--iterations 0: use 1 or more")]
    [InlineData(new[] { "run", "--preset", "paper" }, "paper")]
    [InlineData(new[] { "run", "--variant", "best" }, "best")]
    [InlineData(new[] { "run", "--aggregator", "median" },
        "--aggregator median: use one of Mean, SoftmaxAttention")]
    [InlineData(new[] { "run", "--temperature", "warm" }, "--temperature warm: 'warm' is not")]
    [InlineData(new[] { "run", "--set", "Iteratons=5" }, "--set Iteratons=5")]
    [InlineData(new[] { "run", "--set", "InnerSteps" }, "is not of the form Name=value")]
    [InlineData(new[] { "run", "--set", "preset=smoke" }, "choose the preset with --preset")]
    [InlineData(new[] { "run", "--set", "Queries=0" }, "Queries = 0")]
    [InlineData(new[] { "run", "--set", "MetaStepSize=-1" }, "MetaStepSize = -1")]
    [InlineData(new[] { "run", "--device", "gpu" }, "--device: Device 'gpu'")]
    [InlineData(new[] { "run", "--threads", "-1" }, "--threads -1")]
    [InlineData(new[] { "run", "--checkpoint-every", "-5" }, "--checkpoint-every -5")]
    [InlineData(new[] { "run", "--log-interval", "0" }, "--log-interval 0")]
    [InlineData(new[] { "run", "--resume", "--restart" }, "--resume and --restart")]
    [InlineData(new[] { "run", "--index", "2" }, "--index 2 picks a run of a sweep")]
    [InlineData(new[] { "summarize", "/no/such/results" }, "/no/such/results does not exist")]
    [InlineData(new[] { "sweep", "/no/such/sweep.json" }, "/no/such/sweep.json does not exist")]
    public void AWrongCommandLineExitsWithTwoNamingTheOptionOrValue(string[] args,
        string message)
    {
        var outcome = Invoke(args);

        Assert.True(outcome.ExitCode == CliApp.Usage, outcome.ToString());
        Assert.Contains(message, outcome.Error, StringComparison.Ordinal);
        Assert.Contains("--help", outcome.Error, StringComparison.Ordinal);
        Assert.Equal("", outcome.Output);
    }

    [Fact]
    public void TheOptionsBuildTheConfigurationANotebookPlanWould()
    {
        var (options, parse) = Parse("--preset", "smoke", "--variant", "maml", "--shots", "5",
            "--seed", "3", "--iterations", "120", "--episodes", "8", "--ways", "4",
            "--aggregator", "multi-head-attention", "--temperature", "0.5",
            "--schedule", "linear", "--transition-epoch", "10", "--image-size", "20",
            "--set", "InnerSteps=2", "--set", "Schedule.Sampling=random");
        Assert.Empty(parse.Errors);

        var config = options.Build(parse);

        var planned = new ExperimentPlan
        {
            Preset = Presets.Smoke, Variants = [Variants.Maml], Shots = [5], Seeds = [3],
            Ways = 4, Iterations = 120, EvaluationEpisodes = 8,
        }.Configs()[0];
        Assert.Equal(Json(planned with
        {
            Aggregator = planned.Aggregator with
            {
                Kind = AggregatorKind.MultiHeadAttention, Temperature = 0.5,
            },
            Schedule = planned.Schedule with
            {
                Shape = ExploitShape.Linear, TransitionEpoch = 10,
                Sampling = ExploitSampling.Random,
            },
            Dataset = planned.Dataset with { ImageSize = 20 },
            InnerSteps = 2,
        }), Json(config));
        Assert.Equal(2, config.Schedule.IterationsPerEpoch);
        Assert.Equal(2, config.MetaBatchSize);
        string[] given = ["--preset", "--variant", "--shots", "--seed", "--iterations",
            "--episodes", "--ways", "--image-size", "--aggregator", "--temperature",
            "--schedule", "--transition-epoch", "--set"];
        Assert.Equal(given.Order(), options.Given(parse).Order());
    }

    /// <summary>The configuration options alone, parsed from <paramref name="args"/>.</summary>
    static (ConfigOptions Options, ParseResult Parse) Parse(params string[] args)
    {
        var options = new ConfigOptions();
        var command = new Command("run");
        foreach (var option in options.All)
        {
            command.Options.Add(option);
        }
        return (options, command.Parse(args));
    }

    /// <summary>Configurations compare by their JSON: records compare lists by reference.</summary>
    internal static string Json(ExperimentConfig config) =>
        System.Text.Json.JsonSerializer.Serialize(config, JsonFormat.Options);

    [Fact]
    public void WithoutOptionsARunIsThePresetsFullVariant()
    {
        var (options, parse) = Parse();

        Assert.Equal(Json(Variants.Apply(Presets.Get(Presets.Quick, 1), Variants.Full)),
            Json(options.Build(parse)));
        Assert.Empty(options.Given(parse));
    }
}
