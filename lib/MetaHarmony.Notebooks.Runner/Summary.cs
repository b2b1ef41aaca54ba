using System.Text;

namespace MetaHarmony.Notebooks.Runner;

/// <summary>The table printed at the end of a run.</summary>
internal static class Summary
{
    public static string Format(
        IReadOnlyList<(NotebookResult Result, int Figures, int Tables)> runs, TimeSpan total)
    {
        var text = new StringBuilder();
        text.AppendLine($"{"notebook",-32} {"status",-14} {"cells",7} {"figures",8} "
            + $"{"tables",7} {"seconds",8}");
        foreach (var (result, figures, tables) in runs)
        {
            string status = result.Succeeded ? "ok" : $"failed @ {result.FailedCell}";
            text.AppendLine($"{result.Name,-32} {status,-14} "
                + $"{result.CellsRun + "/" + result.CodeCells,7} {figures,8} {tables,7} "
                + $"{result.Elapsed.TotalSeconds,8:F1}");
        }
        return text.Append($"total {total.TotalSeconds:F1} s").ToString();
    }
}
