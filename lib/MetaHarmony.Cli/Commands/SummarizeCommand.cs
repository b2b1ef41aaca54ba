using System.CommandLine;
using System.Globalization;
using Deedle;
using MetaHarmony.Experiments;
using MetaHarmony.Reporting;

namespace MetaHarmony.Cli.Commands;

/// <summary>
/// <c>metaharmony summarize [FOLDER]</c>: the results tables of every finished run in a
/// results folder, one per dataset and backbone: accuracy with its 95% interval (mean across
/// seeds), the Gradient Conflict Index and the paired difference to the baseline. Printed as
/// Markdown and written to FOLDER/tables/summarize as Markdown and CSV, like the notebooks'.
/// </summary>
internal static class SummarizeCommand
{
    /// <summary>The folder under the results folder's tables/ that the tables go to.</summary>
    public const string TablesName = "summarize";

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
            "Print and save the results tables of the finished runs in FOLDER (several "
            + "variants, shots and seeds; mean and 95% CI across seeds).")
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
        foreach (var group in runs.GroupBy(r => (r.Record.Description.Dataset,
            r.Record.Description.Backbone)).OrderBy(g => g.Key))
        {
            var records = group.Select(r => r.Record).ToList();
            var table = ResultsTable.Build(records, baseline);
            string name = $"{group.Key.Dataset}-{group.Key.Backbone}".ToLowerInvariant();
            string markdown = table.ToMarkdown();
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".md"), markdown);
            AtomicFile.WriteAllText(Path.Combine(tables, name + ".csv"),
                Csv(table.ToNumericFrame()));

            write.WriteLine();
            write.WriteLine($"## {group.Key.Dataset}, {group.Key.Backbone}: {records.Count} "
                + $"runs, seeds {string.Join(", ", records.Select(r => r.Description.Seed)
                    .Distinct().Order())}");
            write.WriteLine();
            write.WriteLine(markdown.TrimEnd());
        }
        write.WriteLine();
        write.WriteLine($"tables: {tables}");
        return CliApp.Success;
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
