using MetaHarmony.Cli;
using MetaHarmony.Experiments;
using MetaHarmony.Tests.Fixtures;
using static MetaHarmony.Tests.Cli.CliHarness;

namespace MetaHarmony.Tests.Cli;

/// <summary>Sweep files: expansion into numbered runs, and which index a task runs.</summary>
public sealed class SweepTests : IDisposable
{
    const string Grid = """
        {
          "Preset": "smoke",
          "Variants": ["maml", "full"],
          "Shots": [1, 5],
          "Seeds": [0, 1],
          // comments and trailing commas are allowed,
        }
        """;

    readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    string Write(string json, string name = "sweep.json")
    {
        File.WriteAllText(folder[name], json);
        return folder[name];
    }

    static Dictionary<string, string> ArrayTask(string index) =>
        new() { [SweepFile.ArrayIndexVariable] = index };

    [Fact]
    public void TheGridIsNumberedByVariantThenShotsThenSeed()
    {
        var sweep = SweepFile.Load(Write(Grid));

        var expected = new (string Variant, int Shots, long Seed)[]
        {
            ("maml", 1, 0), ("maml", 1, 1), ("maml", 5, 0), ("maml", 5, 1),
            ("full", 1, 0), ("full", 1, 1), ("full", 5, 0), ("full", 5, 1),
        };
        Assert.Equal(expected, sweep.Configs.Select(c => (c.Variant, c.Shots, c.Seed)));
        Assert.Equal(sweep.Plan.Configs().Select(CliOptionsTests.Json),
            sweep.Configs.Select(CliOptionsTests.Json));
        Assert.All(sweep.Configs, c => Assert.Equal(Presets.Get(Presets.Smoke, c.Shots)
            .MetaBatchSize, c.MetaBatchSize));
    }

    [Fact]
    public void TheSweepCommandListsEveryRunWithItsIndexIdAndStatus()
    {
        string file = Write(Grid);
        var outcome = Run("sweep", file, "--output", folder["results"]);

        Assert.True(outcome.ExitCode == 0, outcome.ToString());
        var configs = SweepFile.Load(file).Configs;
        var lines = outcome.Output.Split('\n');
        for (int i = 0; i < configs.Count; i++)
        {
            string id = ResultStore.RunIdOf(configs[i]);
            Assert.Single(lines, l => l.StartsWith($"  {i} ", StringComparison.Ordinal)
                && l.Contains(id, StringComparison.Ordinal)
                && l.TrimEnd().EndsWith("not started", StringComparison.Ordinal));
        }
        Assert.Contains("= 8 runs", outcome.Output, StringComparison.Ordinal);
        Assert.Contains("sbatch --array=0-7", outcome.Output, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3, "5", 3)]
    [InlineData(null, "5", 5)]
    [InlineData(0, null, 0)]
    [InlineData(null, "007", 7)]
    public void TheIndexComesFromTheOptionElseFromTheArrayTask(int? index, string? task,
        int expected)
    {
        var sweep = SweepFile.Load(Write(Grid));

        int resolved = sweep.ResolveIndex(index,
            name => name == SweepFile.ArrayIndexVariable ? task : null);

        Assert.Equal(expected, resolved);
    }

    [Theory]
    [InlineData(null, null, "give --index I (0 to 7)")]
    [InlineData(null, "x", "SLURM_ARRAY_TASK_ID=x is not a run index")]
    [InlineData(null, "-1", "SLURM_ARRAY_TASK_ID=-1 is not a run index")]
    [InlineData(null, "8", "SLURM_ARRAY_TASK_ID 8: the sweep")]
    [InlineData(8, null, "--index 8: the sweep")]
    public void AnIndexOutsideTheSweepIsAUsageError(int? index, string? task, string message)
    {
        var sweep = SweepFile.Load(Write(Grid));

        var error = Assert.Throws<CliUsageException>(() => sweep.ResolveIndex(index,
            name => name == SweepFile.ArrayIndexVariable ? task : null));

        Assert.Contains(message, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RunWithAnArrayIndexPastTheEndExitsWithTwo()
    {
        string file = Write(Grid);

        var outcome = Invoke(["run", "--sweep", file], ArrayTask("8"));

        Assert.Equal(CliApp.Usage, outcome.ExitCode);
        Assert.Contains("has 8 runs, numbered 0 to 7", outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void RunWithASweepRefusesConfigurationOptions()
    {
        string file = Write(Grid);

        var outcome = Run("run", "--sweep", file, "--index", "0", "--shots", "5", "--set",
            "InnerSteps=2");

        Assert.Equal(CliApp.Usage, outcome.ExitCode);
        Assert.Contains("--shots, --set cannot be combined with --sweep", outcome.Error,
            StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{ "Preset": "smoke", "Seed": [0, 1] }""", "Seed")]
    [InlineData("""{ "Preset": "smoke", "Shots": "one" }""", "Shots")]
    [InlineData("""{ "Preset": "smoke", "Variants": ["maml", "maml"] }""", "repeats a value")]
    [InlineData("""{ "Preset": "huge" }""", "Preset 'huge' is not known")]
    [InlineData("""{ "Preset": "smoke", """, "is not an experiment plan")]
    public void AWrongSweepFileIsNamedWithWhatIsWrong(string json, string message)
    {
        string file = Write(json);

        var outcome = Run("sweep", file);

        Assert.Equal(CliApp.Usage, outcome.ExitCode);
        Assert.Contains(file, outcome.Error, StringComparison.Ordinal);
        Assert.Contains(message, outcome.Error, StringComparison.Ordinal);
    }

    [Fact]
    public void ThePaperSweepShippedForSlurmIsValid()
    {
        var sweep = SweepFile.Load(Path.Combine(TestPaths.RepositoryRoot, "environment",
            "slurm", "paper-miniimagenet.json"));

        Assert.Equal(5 * 2 * 3, sweep.Configs.Count);
        Assert.All(sweep.Configs, c =>
        {
            Assert.Equal(60_000, c.Iterations);
            Assert.Equal("miniimagenet", c.Dataset.NormalizedName);
            Assert.Equal(84, c.Dataset.ImageSize);
        });
    }
}
