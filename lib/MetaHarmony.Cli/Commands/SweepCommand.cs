using System.CommandLine;
using MetaHarmony.Experiments;

namespace MetaHarmony.Cli.Commands;

/// <summary>
/// <c>metaharmony sweep FILE</c>: expands a sweep file into its numbered runs and says which
/// are finished, which have a checkpoint and which have not started, so that a scheduler's
/// array (or a loop) can run them by index.
/// </summary>
internal static class SweepCommand
{
    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var file = new Argument<string>("FILE")
        {
            Description = "An ExperimentPlan in JSON: Preset, Variants, Shots, Seeds, Ways, "
                + "Dataset, Iterations, EvaluationEpisodes, Aggregator, Schedule",
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "The results folder to report the runs' status from",
            DefaultValueFactory = _ => "results",
            HelpName = "DIR",
        };
        var command = new Command("sweep",
            "List the numbered runs of a sweep file (variants x shots x seeds) and their "
            + "status; `run --sweep FILE --index I` trains run I.")
        {
            file, output,
        };
        command.SetAction(parse => List(context, SweepFile.Load(parse.GetValue(file)!),
            new ResultStore(parse.GetValue(output)!)));
        return command;
    }

    static int List(CliContext context, SweepFile sweep, ResultStore store)
    {
        var plan = sweep.Plan;
        var write = context.Output;
        write.WriteLine($"sweep {sweep.Path}: preset {plan.Preset}; variants "
            + $"{string.Join(", ", plan.Variants)} x shots {string.Join(", ", plan.Shots)} x "
            + $"seeds {string.Join(", ", plan.Seeds)} = {sweep.Configs.Count} runs");
        var table = new List<string[]> { new[] { "index", "run id", "run", "iterations",
            "status" } };
        for (int i = 0; i < sweep.Configs.Count; i++)
        {
            var config = sweep.Configs[i];
            string id = ResultStore.RunIdOf(config);
            table.Add([i.ToString(System.Globalization.CultureInfo.InvariantCulture), id,
                ExperimentRunner.Describe(config).Label,
                config.Iterations.ToString(System.Globalization.CultureInfo.InvariantCulture),
                Status(store, config, id)]);
        }
        int[] widths = Enumerable.Range(0, table[0].Length)
            .Select(c => table.Max(row => row[c].Length)).ToArray();
        foreach (var row in table)
        {
            write.WriteLine("  " + string.Join("  ", row.Select((cell, c) =>
                cell.PadRight(widths[c]))).TrimEnd());
        }

        write.WriteLine($"Train run I:   metaharmony run --sweep {sweep.Path} --index I "
            + $"--output {store.Folder}");
        write.WriteLine($"With Slurm:    sbatch --array=0-{sweep.Configs.Count - 1} "
            + $"environment/slurm/metaharmony-array.sbatch {sweep.Path}");
        return CliApp.Success;
    }

    static string Status(ResultStore store, ExperimentConfig config, string id)
    {
        if (store.TryLoad(config) is not null)
        {
            return "finished";
        }
        string checkpoint = CheckpointFile.PathIn(CheckpointFile.FolderOf(store), id);
        return File.Exists(checkpoint) ? "checkpoint" : "not started";
    }
}
