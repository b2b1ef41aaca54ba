using MetaHarmony.Experiments;

namespace MetaHarmony.Tests.Experiments;

public sealed class ResultStoreTests : IDisposable
{
    readonly string folder = Directory.CreateTempSubdirectory("results-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static RunRecord Record(ExperimentConfig config, int iterations) => new(
        ResultStore.RunIdOf(config),
        new RunDescription(config.Variant, "kanji", "Conv4", config.Ways, config.Shots,
            config.Seed, "softmax-attention", "cosine"),
        ["block1", "head"],
        Enumerable.Range(0, iterations).Select(i => new IterationRecord(i, i / 10.0,
            1.0 / (i + 1), 0.2 + i * 0.01, 0.5, 0.25, [0.1, 0.2], [0.3, 0.4], i % 2 == 0,
            0.5, [[0.25, 0.75], [0.5, 0.5]], 0.01 * i)).ToList(),
        new EvaluationRecord("test", 10, 7, [0.2, 0.4, 0.6], 0.4, 0.2263),
        12.5, "cpu");

    [Fact]
    public void SavedRunsReadBackWholeWithTheirLog()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        var record = Record(config, 5);

        store.Save(record, config);
        var loaded = Assert.Single(store.LoadAll());

        Assert.Equal(record.RunId, loaded.Record.RunId);
        Assert.Equal(record.Description, loaded.Record.Description);
        Assert.Equal(record.Evaluation!.Accuracies, loaded.Record.Evaluation!.Accuracies);
        Assert.Equal(5, loaded.Record.Iterations.Count);
        var row = loaded.Record.Iterations[3];
        Assert.Equal(record.Iterations[3].QueryLoss, row.QueryLoss);
        Assert.Equal(record.Iterations[3].LayerConflictIndexNormalized,
            row.LayerConflictIndexNormalized);
        Assert.Equal(record.Iterations[3].TaskWeights![1], row.TaskWeights![1]);
        Assert.False(row.Exploit);
        Assert.Equal(ResultStore.RunIdOf(config), ResultStore.RunIdOf(loaded.Config));
    }

    [Fact]
    public void TheSameConfigFindsItsRunAndAnotherDoesNot()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 2), config);

        Assert.NotNull(store.TryLoad(config));
        Assert.Null(store.TryLoad(config with { Seed = 1 }));
        Assert.Null(store.TryLoad(config with { Iterations = config.Iterations + 1 }));
        Assert.NotEqual(ResultStore.RunIdOf(config), ResultStore.RunIdOf(config with { Seed = 1 }));
    }

    [Fact]
    public void UnfinishedRunFoldersAreNotMistakenForResults()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        string staging = Path.Combine(store.RunsFolder, ".staging-x");
        Directory.CreateDirectory(staging);
        File.WriteAllText(Path.Combine(staging, "run.json"), "{ \"half\": ");
        Directory.CreateDirectory(Path.Combine(store.RunsFolder, "no-record-yet"));

        Assert.Empty(store.LoadAll());
        Assert.Null(store.TryLoad(config));
    }

    [Fact]
    public void SavingAgainReplacesTheRun()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 2), config);
        store.Save(Record(config, 4), config);

        Assert.Equal(4, Assert.Single(store.LoadAll()).Record.Iterations.Count);
        Assert.Single(Directory.GetDirectories(store.RunsFolder));
    }

    [Fact]
    public void ACorruptRecordIsReportedWithItsPath()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 2), config);
        string path = Path.Combine(store.RunFolder(ResultStore.RunIdOf(config)), "run.json");
        File.WriteAllText(path, "{ not json");

        var error = Assert.Throws<InvalidDataException>(() => store.LoadAll());
        Assert.Contains(path, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("null")]
    [InlineData("{ \"FormatVersion\": 1 }")]
    [InlineData("{ \"FormatVersion\": 1, \"Record\": { \"RunId\": \"x\" } }")]
    public void ARunFileWithoutItsRecordNamesTheFileAndTheFix(string json)
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 2), config);
        string run = store.RunFolder(ResultStore.RunIdOf(config));
        File.WriteAllText(Path.Combine(run, "run.json"), json);

        var error = Assert.Throws<InvalidDataException>(() => store.LoadAll());
        Assert.Equal($"{Path.Combine(run, "run.json")} holds no run record; delete the folder "
            + $"{run} to train the run again.", error.Message);
        Assert.Throws<InvalidDataException>(() => store.TryLoad(config));
    }

    [Fact]
    public void AMissingLogIsReportedNotReadAsARunOfNoIterations()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 3), config);
        string run = store.RunFolder(ResultStore.RunIdOf(config));
        File.Delete(Path.Combine(run, "iterations.csv"));

        var error = Assert.Throws<InvalidDataException>(() => store.TryLoad(config));
        Assert.StartsWith(Path.Combine(run, "iterations.csv") + " is missing", error.Message,
            StringComparison.Ordinal);
        Assert.EndsWith($"delete the folder {run} to train the run again.", error.Message,
            StringComparison.Ordinal);
        Assert.Throws<InvalidDataException>(() => store.LoadAll());
    }

    [Fact]
    public void ALogWithoutItsRunFileIsADamagedRunNotAnUnfinishedOne()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 3), config);
        string run = store.RunFolder(ResultStore.RunIdOf(config));
        File.Delete(Path.Combine(run, "run.json"));

        var error = Assert.Throws<InvalidDataException>(() => store.LoadAll());
        Assert.StartsWith(Path.Combine(run, "run.json") + " is missing beside its iterations.csv",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void ADamagedLogIsReportedWithItsPath()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        store.Save(Record(config, 3), config);
        string log = Path.Combine(store.RunFolder(ResultStore.RunIdOf(config)), "iterations.csv");
        File.AppendAllText(log, "1,2,3\n");

        var error = Assert.Throws<InvalidDataException>(() => store.LoadAll());
        Assert.StartsWith(log + " is not an iteration log (Iteration log row 4 has 3 cells",
            error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SavingRemovesOnlyTheHiddenFoldersAKilledProcessLeftLongAgo()
    {
        var store = new ResultStore(folder);
        var config = Presets.Get(Presets.Smoke, 1);
        string Hidden(string name, TimeSpan age)
        {
            string path = Path.Combine(store.RunsFolder, name);
            Directory.CreateDirectory(path);
            File.WriteAllText(Path.Combine(path, "run.json"), "{ \"half\": ");
            Directory.SetLastWriteTimeUtc(path, DateTime.UtcNow - age);
            return path;
        }
        string oldStaging = Hidden(".staging-old", TimeSpan.FromHours(3));
        string oldReplaced = Hidden(".replaced-old", TimeSpan.FromHours(2));
        string live = Hidden(".staging-live", TimeSpan.FromMinutes(1));
        string other = Hidden(".keep-me", TimeSpan.FromDays(1));

        store.Save(Record(config, 2), config);

        Assert.False(Directory.Exists(oldStaging));
        Assert.False(Directory.Exists(oldReplaced));
        Assert.True(Directory.Exists(live));
        Assert.True(Directory.Exists(other));
        Assert.Single(store.LoadAll());
    }
}
