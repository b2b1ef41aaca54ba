using System.CommandLine;
using System.Globalization;
using Deedle;
using MetaHarmony.Experiments;
using MetaHarmony.Reporting;

namespace MetaHarmony.Cli.Commands;

/// <summary>
/// <c>metaharmony summarize [FOLDER]</c>: the results tables of every finished run in a
/// results folder, one per dataset and backbone and, within those, one per set of training
/// settings (<see cref="SummaryGroups"/>): accuracy with its 95% interval, the Gradient
/// Conflict Index and the paired difference to the baseline. Printed as Markdown and written
/// to FOLDER/tables/summarize as Markdown and CSV, like the notebooks'.
/// </summary>
internal static class SummarizeCommand
{
    /// <summary>The folder under the results folder's tables/ that the tables go to.</summary>
    public const string TablesName = "summarize";

    /// <summary>What the ± of the tables is, as the help and the output say it.</summary>
    public const string IntervalNote = "± is a 95% interval: with S >= 2 seeds, mean of the "
        + "seed means ± t(0.975, S-1) x sd(seed means) / sqrt(S), across training seeds; with "
        + "one seed, ± 1.96 x sd / sqrt(E) over the run's E test episodes. Differences to the "
        + "baseline are paired per episode, then treated the same way.";

    /// <summary>The command, bound to <paramref name="context"/>.</summary>
    public static Command Create(CliContext context)
    {
        var folder = new Argument<string>("FOLDER")
        {
            Description = "A results folder (with runs/ inside)",
            DefaultValueFactory = _ => "results",
        };
        var baseline = new Option<string>("--baseline")
        {
            Description = "The variant the others are compared with",
            DefaultValueFactory = _ => ResultsTable.DefaultBaseline,
        };
        var command = new Command("summarize",
            "Print and save the results tables of the finished runs in FOLDER, one per dataset, "
            + "backbone and set of training settings. " + IntervalNote)
        {
            folder, baseline,
        };
        command.SetAction(parse => Summarize(context, parse.GetValue(folder)!,
            parse.GetValue(baseline)!));
        return command;
    }

    static int Summarize(CliContext context, string folder, string baseline)
    {
        var store = new ResultStore(folder);
        if (!Directory.Exists(store.Folder))
        {
            throw new CliUsageException($"FOLDER {store.Folder} does not exist; give the "
                + "results folder that `metaharmony run --output` wrote.");
        }

        var runs = store.LoadAll();
        var write = context.Output;
        ReportUnfinished(context, store, runs);
        if (runs.Count == 0)
        {
            context.Error.WriteLine($"error: no finished runs in {store.RunsFolder}.");
            return CliApp.Failure;
        }

        string tables = Path.Combine(store.Folder, "tables", TablesName);
        var groups = SummaryGroups.Of(runs);
        for (int i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var records = group.Runs.Select(r => r.Record).ToList();
            var table = ResultsTable.Build(records, baseline);
            string name = FileName(group, i);
            string markdown = table.ToMarkdown();
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".md"), markdown);
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".csv"),
                Csv(table.ToNumericFrame()));

            string settings = group.Settings.Length > 0 ? $", {group.Settings}" : "";
            write.WriteLine();
            write.WriteLine($"## {group.Dataset}, {group.Backbone}{settings}: {records.Count} "
                + $"runs, seeds {string.Join(", ", records.Select(r => r.Description.Seed)
                    .Distinct().Order())}");
            write.WriteLine();
            write.WriteLine(markdown.TrimEnd());
        }
        write.WriteLine();
        write.WriteLine(IntervalNote);
        write.WriteLine($"tables: {tables}");
        return CliApp.Success;
    }

    /// <summary>
    /// "kanji-conv4", and where settings split the runs "kanji-conv4-iterations-12" (or the
    /// table's number, when the settings make too long a name).
    /// </summary>
    static string FileName(SummaryGroup group, int index)
    {
        string name = $"{group.Dataset}-{group.Backbone}".ToLowerInvariant();
        if (group.Settings.Length == 0)
        {
            return name;
        }

        var plain = group.Settings.ToLowerInvariant()
            .Select(c => char.IsAsciiLetterOrDigit(c) ? c : '-').ToArray();
        string settings = string.Join("-", new string(plain)
            .Split('-', StringSplitOptions.RemoveEmptyEntries));
        return settings.Length <= 40 ? $"{name}-{settings}"
            : $"{name}-{(index + 1).ToString(CultureInfo.InvariantCulture)}";
    }

    /// <summary>Runs with a checkpoint but no record yet: still training, or stopped.</summary>
    static void ReportUnfinished(CliContext context, ResultStore store,
        IReadOnlyList<StoredRun> finished)
    {
        string checkpoints = CheckpointFile.FolderOf(store);
        if (!Directory.Exists(checkpoints))
        {
            return;
        }

        var done = finished.Select(r => r.Record.RunId).ToHashSet();
        var open = Directory.EnumerateFiles(checkpoints, "*" + CheckpointFile.Extension)
            .Select(Path.GetFileNameWithoutExtension)
            .Where(id => !done.Contains(id!))
            .Order(StringComparer.Ordinal)
            .ToList();
        if (open.Count > 0)
        {
            context.Output.WriteLine($"{open.Count} run(s) not finished (checkpoint, no record; "
                + $"not in the tables): {string.Join(", ", open)}");
        }
    }

    /// <summary>The frame as CSV with the configuration as the first column.</summary>
    static string Csv(Frame<string, string> frame)
    {
        using var writer = new StringWriter(CultureInfo.InvariantCulture);
        frame.SaveCsv(writer, includeRowKeys: true, keyNames: ["configuration"], separator: ',',
            culture: CultureInfo.InvariantCulture);
        return writer.ToString();
    }
}
