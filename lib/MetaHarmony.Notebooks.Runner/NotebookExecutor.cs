using System.Diagnostics;
using Microsoft.DotNet.Interactive;
using Microsoft.DotNet.Interactive.Commands;
using Microsoft.DotNet.Interactive.CSharp;
using Microsoft.DotNet.Interactive.Events;

namespace MetaHarmony.Notebooks.Runner;

/// <summary>How a notebook run ended.</summary>
/// <param name="Name">The notebook's name.</param>
/// <param name="Executed">Where the executed copy was written.</param>
/// <param name="CodeCells">Code cells in the notebook.</param>
/// <param name="CellsRun">Code cells run, the failing one included.</param>
/// <param name="FailedCell">1-based number of the failing code cell, or null.</param>
/// <param name="Error">The failing cell's error.</param>
/// <param name="Elapsed">Wall time.</param>
internal sealed record NotebookResult(string Name, string Executed, int CodeCells, int CellsRun,
    int? FailedCell, string? Error, TimeSpan Elapsed)
{
    public bool Succeeded => FailedCell is null;
}

/// <summary>
/// Runs one notebook in a fresh C# kernel inside this process, cell by cell, stopping at the
/// first failure, and writes the notebook back with its outputs.
/// </summary>
internal sealed class NotebookExecutor(TextWriter log)
{
    static readonly TimeSpan ProgressEcho = TimeSpan.FromSeconds(10);

    public async Task<NotebookResult> RunAsync(string path, string executedPath)
    {
        var clock = Stopwatch.StartNew();
        string name = Path.GetFileNameWithoutExtension(path);
        var notebook = NotebookFile.Read(path);
        var cells = notebook.CodeCells;

        // Relative #r paths resolve against the working directory, as in VS Code and Jupyter.
        string previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = Path.GetDirectoryName(Path.GetFullPath(path))!;
        int run = 0;
        int? failed = null;
        string? error = null;
        bool runnerFailed = false;
        try
        {
            using var kernel = CreateKernel();
            foreach (var cell in cells)
            {
                run++;
                var outputs = await RunCellAsync(kernel, cell, run, name, cells.Count);
                NotebookFile.SetOutputs(cell, outputs.Outputs, run);
                if (outputs.Error is not null)
                {
                    (failed, error) = (run, outputs.Error);
                    break;
                }
            }
        }
        catch (Exception e)
        {
            // The runner failed, not a cell: mark where in the executed copy, and say so.
            runnerFailed = true;
            if (run > 0)
            {
                var marker = new CellOutputs();
                marker.Fail($"The notebook runner failed here, not the cell: {e.Message}");
                NotebookFile.SetOutputs(cells[run - 1], marker.Outputs, run);
            }
            string where = run > 0 ? $"at code cell {run} of {cells.Count}" : "before any cell";
            throw new RunnerFailedException(
                $"The runner failed {where} of notebook {name}: {e.Message} The cells before "
                + $"it kept their outputs in {executedPath}.", e);
        }
        finally
        {
            Environment.CurrentDirectory = previous;
            WriteExecuted(notebook, executedPath, runnerFailed);
        }

        return new NotebookResult(name, executedPath, cells.Count, run, failed, error,
            clock.Elapsed);
    }

    /// <summary>
    /// Writes the executed copy whatever happened, so that an error in the runner itself does
    /// not lose the outputs of the cells that ran; atomically, so a kill leaves no half file.
    /// When the runner already failed, a failed write is logged rather than thrown, so that it
    /// does not hide the first error.
    /// </summary>
    void WriteExecuted(NotebookFile notebook, string executedPath, bool runnerFailed)
    {
        try
        {
            Experiments.AtomicFile.WriteAllText(executedPath, notebook.ToJson());
        }
        catch (Exception e) when (runnerFailed
            && e is (IOException or UnauthorizedAccessException))
        {
            log.WriteLine($"  could not write the executed notebook {executedPath}: {e.Message}");
        }
    }

    static CompositeKernel CreateKernel()
    {
        var csharp = new CSharpKernel().UseKernelHelpers().UseValueSharing();
        var kernel = new CompositeKernel { csharp };
        kernel.DefaultKernelName = csharp.Name;
        return kernel;
    }

    async Task<CellOutputs> RunCellAsync(Kernel kernel, System.Text.Json.Nodes.JsonObject cell,
        int number, string notebook, int count)
    {
        var clock = Stopwatch.StartNew();
        var outputs = new CellOutputs();
        string language = NotebookFile.Language(cell);
        if (language is not ("csharp" or "C#" or "c#"))
        {
            outputs.Fail($"This cell is marked {language}; the runner runs C# cells only.");
            return outputs;
        }

        var lastEcho = TimeSpan.Zero;
        using var subscription = kernel.KernelEvents.Subscribe(new EventSink(e =>
        {
            // Keep the console alive during long cells: a line from the live progress display.
            if (e is DisplayedValueUpdated update && clock.Elapsed - lastEcho > ProgressEcho)
            {
                lastEcho = clock.Elapsed;
                string? text = update.FormattedValues
                    .FirstOrDefault(v => v.MimeType == "text/plain")?.Value;
                if (text is not null)
                {
                    log.WriteLine($"      {text.Split('\n')[^1]}");
                }
            }
        }));

        var result = await kernel.SendAsync(new SubmitCode(NotebookFile.Source(cell), "csharp"));
        foreach (var e in result.Events)
        {
            outputs.Add(e, number);
        }
        string status = outputs.Error is null ? "ok" : "FAILED";
        log.WriteLine($"  {notebook} cell {number}/{count} {status} "
            + $"({clock.Elapsed.TotalSeconds:F1} s)");
        return outputs;
    }

    sealed class EventSink(Action<KernelEvent> onNext) : IObserver<KernelEvent>
    {
        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void OnNext(KernelEvent value) => onNext(value);
    }
}
