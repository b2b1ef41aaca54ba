using MetaHarmony.Datasets;
using MetaHarmony.Episodes;
using MetaHarmony.Experiments;
using MetaHarmony.Meta;
using MetaHarmony.Models;
using MetaHarmony.Runtime;
using MetaHarmony.Tests.Fixtures;
using MetaHarmony.Tests.Meta;
using static TorchSharp.torch;

namespace MetaHarmony.Tests.Experiments;

/// <summary>
/// Checkpoints on a synthetic task: exact resume (also after a kill between two checkpoints),
/// divergence, and damaged files.
/// </summary>
public sealed class CheckpointTests : IDisposable
{
    const int Iterations = 40;

    /// <summary>
    /// The trainer's test configuration made cheaper (first order, two tasks): what is checked
    /// here is the state a checkpoint carries, not the meta-gradient.
    /// </summary>
    static readonly ExperimentConfig Config = MetaTrainerTests.Config(seed: 7, Iterations) with
    {
        Adaptation = Adaptation.FirstOrder,
        MetaBatchSize = 2,
        Queries = 3,
    };

    /// <summary>Forty iterations without a stop, shared by the resume tests.</summary>
    static readonly Lazy<(int[] Parameters, IReadOnlyList<IterationRecord> Log)> Straight =
        new(() =>
        {
            using var tasks = new CheckpointTests();
            using var trainer = tasks.Trainer();
            trainer.Train();
            return (Flat(trainer.Parameters), trainer.Log.ToList());
        });

    readonly ImageSplit split;
    readonly EpisodeSampler sampler;
    readonly TempFolder folder = new();
    readonly ExperimentConfig config = Config;

    public CheckpointTests()
    {
        TorchRuntime.EnsureInitialized();
        split = TinyTasks.PatternSplit(classes: 20, imagesPerClass: 10, side: 16, seed: 5);
        sampler = new EpisodeSampler(split, config.EpisodeOptions, seed: 3);
    }

    public void Dispose()
    {
        sampler.Dispose();
        split.Dispose();
        folder.Dispose();
    }

    string CheckpointPath => folder["run.ckpt"];

    MetaTrainer Trainer(Func<long, IReadOnlyList<Episode>>? episodes = null) =>
        new(config, new BackboneShape(1, 16, config.Ways),
            episodes ?? (i => sampler.SampleMetaBatch(i, config.MetaBatchSize)));

    CheckpointedTraining Checkpointed(MetaTrainer trainer, int every) =>
        new(trainer, CheckpointIdentity.Of(config), CheckpointPath, every);

    /// <summary>The parameters' bit patterns, so that equality is bit for bit (-0 is not +0).
    /// </summary>
    static int[] Flat(IEnumerable<Tensor> tensors) =>
        tensors.SelectMany(t => t.detach().cpu().flatten().data<float>().ToArray())
            .Select(BitConverter.SingleToInt32Bits).ToArray();

    /// <summary>Equal logs, wall times aside (they differ from run to run).</summary>
    static void AssertSameLog(IReadOnlyList<IterationRecord> expected,
        IReadOnlyList<IterationRecord> actual)
    {
        Assert.Equal(expected.Count, actual.Count);
        for (int i = 0; i < expected.Count; i++)
        {
            var (e, a) = (expected[i], actual[i]);
            Assert.Equal((e.Iteration, e.QueryLoss, e.QueryAccuracy, e.ConflictIndex, e.Exploit),
                (a.Iteration, a.QueryLoss, a.QueryAccuracy, a.ConflictIndex, a.Exploit));
            Assert.Equal(e.LayerConflictIndex, a.LayerConflictIndex);
            Assert.Equal(e.TaskWeights?.SelectMany(w => w), a.TaskWeights?.SelectMany(w => w));
        }
    }

    [Fact]
    public void TwentyThenAStopThenTwentyResumedEqualFortyStraightBitForBit()
    {
        var straight = Straight.Value;

        using (var first = Trainer())
        {
            using var stop = new CancellationTokenSource();
            var training = Checkpointed(first, every: 0);
            Assert.Throws<OperationCanceledException>(() => training.Train(
                cancellation: stop.Token, afterStep: r =>
                {
                    if (r.Iteration == 19)
                    {
                        stop.Cancel();
                    }
                }));
            Assert.Equal(20, first.Iteration);
        }
        Assert.Equal(20, CheckpointFile.Load(CheckpointPath).Iteration);

        using var second = Trainer();
        var resumed = Checkpointed(second, every: 0);
        Assert.Equal(20, resumed.Resume()!.Iteration);
        Assert.Equal(20, second.Iteration);
        resumed.Train();

        Assert.Equal(straight.Parameters, Flat(second.Parameters));
        AssertSameLog(straight.Log, second.Log);
        Assert.Contains(second.Log, r => r.Exploit);
        Assert.Contains(second.Log, r => !r.Exploit);
    }

    [Fact]
    public void AKillBetweenTwoCheckpointsResumesExactlyFromTheEarlierOne()
    {
        var straight = Straight.Value;

        using (var killed = Trainer())
        {
            // An exception that is not a cancellation stands for SIGKILL or a crash: nothing
            // is written at that moment, so the checkpoint of iteration 20 is what survives.
            var training = Checkpointed(killed, every: 10);
            Assert.Throws<TimeoutException>(() => training.Train(afterStep: r =>
            {
                if (r.Iteration == 26)
                {
                    throw new TimeoutException("killed");
                }
            }));
            Assert.Equal(27, killed.Iteration);
        }
        Assert.Equal(20, CheckpointFile.Load(CheckpointPath).Iteration);

        using var resumed = Trainer();
        var training2 = Checkpointed(resumed, every: 10);
        training2.Resume();
        training2.Train();

        Assert.Equal(straight.Parameters, Flat(resumed.Parameters));
        AssertSameLog(straight.Log, resumed.Log);
        Assert.Equal(Iterations, CheckpointFile.Load(CheckpointPath).Iteration);
    }

    [Fact]
    public void ANonFiniteLossStopsNamingTheIterationAndKeepsTheLastGoodCheckpoint()
    {
        using var trainer = Trainer(i =>
        {
            var batch = sampler.SampleMetaBatch(i, config.MetaBatchSize);
            return i < 13 ? batch
                : batch.Select(e => e with { QueryImages = e.QueryImages * double.NaN }).ToList();
        });
        var training = Checkpointed(trainer, every: 5);

        var error = Assert.Throws<NonFiniteLossException>(() => training.Train());

        Assert.Equal(13, error.Iteration);
        Assert.Contains("meta-iteration 13", error.Message, StringComparison.Ordinal);
        var last = CheckpointFile.Load(CheckpointPath);
        Assert.Equal(10, last.Iteration);

        // The checkpoint holds the parameters of a clean run after 10 iterations.
        using var clean = Trainer();
        for (int i = 0; i < 10; i++)
        {
            clean.Step();
        }
        using var restored = Trainer();
        last.Restore(restored);
        Assert.Equal(Flat(clean.Parameters), Flat(restored.Parameters));
        Assert.All(last.Log, r => Assert.True(double.IsFinite(r.QueryLoss)));
    }

    [Theory]
    [InlineData(100, "truncated")]
    [InlineData(-30, "truncated")]
    [InlineData(0, "checksum does not match")]
    public void ADamagedCheckpointIsRefusedNamingTheFile(int cut, string reason)
    {
        using (var trainer = Trainer())
        {
            var training = Checkpointed(trainer, every: 3);
            for (int i = 0; i < 3; i++)
            {
                trainer.Step();
            }
            CheckpointFile.Save(CheckpointPath,
                Checkpoint.Capture(trainer, training.Identity, trainingSeconds: 1));
        }

        byte[] bytes = File.ReadAllBytes(CheckpointPath);
        if (cut > 0)
        {
            bytes = bytes[..^cut];
        }
        else if (cut < 0)
        {
            bytes = bytes[..-cut];
        }
        else
        {
            bytes[bytes.Length / 2] ^= 0x5A;
        }
        File.WriteAllBytes(CheckpointPath, bytes);

        using var fresh = Trainer();
        var before = Flat(fresh.Parameters);
        var error = Assert.Throws<InvalidDataException>(() => Checkpointed(fresh, 3).Resume());
        Assert.Contains(CheckpointPath, error.Message, StringComparison.Ordinal);
        Assert.Contains(reason, error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Iteration);
        Assert.Equal(before, Flat(fresh.Parameters));
    }

    [Fact]
    public void ACheckpointOfAnotherConfigurationIsRefused()
    {
        using (var trainer = Trainer())
        {
            trainer.Step();
            CheckpointFile.Save(CheckpointPath, Checkpoint.Capture(trainer,
                CheckpointIdentity.Of(config with { MetaStepSize = 0.01 }), 1));
        }

        using var fresh = Trainer();
        var error = Assert.Throws<InvalidDataException>(() => Checkpointed(fresh, 3).Resume());
        Assert.Contains("its settings differ", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, fresh.Iteration);
    }

    /// <summary>
    /// The randomness that no checkpoint stores (Bernoulli explore-exploit draws, PCGrad's
    /// projection order) is keyed by seed and iteration, so a resumed run draws the same.
    /// </summary>
    [Theory]
    [InlineData("random-sampling")]
    [InlineData("pcgrad")]
    public void ResumingReproducesTheRandomDrawsOfTraining(string setting)
    {
        var changed = setting == "pcgrad"
            ? config with { Aggregator = config.Aggregator with
                { Kind = MetaHarmony.Aggregation.AggregatorKind.PCGrad } }
            : config with { Schedule = config.Schedule with
                { Sampling = MetaHarmony.Schedules.ExploitSampling.Random } };
        MetaTrainer Make() => new(changed, new BackboneShape(1, 16, changed.Ways),
            i => sampler.SampleMetaBatch(i, changed.MetaBatchSize));
        var identity = CheckpointIdentity.Of(changed);
        int[] straight;
        IReadOnlyList<IterationRecord> straightLog;
        using (var whole = Make())
        {
            whole.Train();
            (straight, straightLog) = (Flat(whole.Parameters), whole.Log.ToList());
        }

        using (var first = Make())
        {
            using var stop = new CancellationTokenSource();
            Assert.Throws<OperationCanceledException>(() =>
                new CheckpointedTraining(first, identity, CheckpointPath, 0).Train(
                    cancellation: stop.Token, afterStep: r =>
                    {
                        if (r.Iteration == 16)
                        {
                            stop.Cancel();
                        }
                    }));
        }
        using var second = Make();
        var resumed = new CheckpointedTraining(second, identity, CheckpointPath, 0);
        Assert.Equal(17, resumed.Resume()!.Iteration);
        resumed.Train();

        Assert.Equal(straight, Flat(second.Parameters));
        AssertSameLog(straightLog, second.Log);
    }

    [Fact]
    public void APeriodicCheckpointThatCannotBeWrittenKeepsTheLastGoodOneAndTrainingGoesOn()
    {
        using var trainer = Trainer();
        var notices = new List<string>();
        var training = new CheckpointedTraining(trainer, CheckpointIdentity.Of(config),
            CheckpointPath, every: 4)
        {
            Notices = new SynchronousProgress<string>(notices.Add),
        };
        string aside = CheckpointPath + ".aside";

        // After iteration 4's checkpoint, a folder takes the file's place, so the rename of
        // iteration 8's fails; before iteration 12 the file is back.
        training.Train(afterStep: r =>
        {
            if (r.Iteration == 5)
            {
                File.Move(CheckpointPath, aside);
                Directory.CreateDirectory(CheckpointPath);
            }
            if (r.Iteration == 9)
            {
                Directory.Delete(CheckpointPath);
                File.Move(aside, CheckpointPath);
                Assert.Equal(4, CheckpointFile.Load(CheckpointPath).Iteration);
            }
        });

        Assert.Equal(Iterations, trainer.Iteration);
        string failed = Assert.Single(notices, n => n.Contains("could not be written",
            StringComparison.Ordinal));
        Assert.Contains("checkpoint at iteration 8 could not be written", failed,
            StringComparison.Ordinal);
        Assert.Contains("the checkpoint of iteration 4 is kept", failed, StringComparison.Ordinal);
        Assert.Equal(Iterations, CheckpointFile.Load(CheckpointPath).Iteration);
        Assert.Empty(Directory.GetFiles(folder.Path, "*.tmp"));
    }

    [Fact]
    public void AHalfWrittenTemporaryFileLeavesTheLastGoodCheckpointInPlace()
    {
        using var trainer = Trainer();
        var training = Checkpointed(trainer, every: 2);
        trainer.Step();
        trainer.Step();
        CheckpointFile.Save(CheckpointPath, Checkpoint.Capture(trainer, training.Identity, 1));

        // What a write killed before its rename leaves behind: a partial temporary file.
        File.WriteAllBytes(AtomicFile.TemporaryPathFor(CheckpointPath), [1, 2, 3]);

        var loaded = CheckpointFile.Load(CheckpointPath);
        Assert.Equal(2, loaded.Iteration);
        AssertSameLog(trainer.Log, loaded.Log);
    }
}
