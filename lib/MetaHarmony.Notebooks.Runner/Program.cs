using System.Diagnostics;
using MetaHarmony.Notebooks;
using MetaHarmony.Notebooks.Runner;

RunnerOptions options;
try
{
    options = RunnerOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.Help)
{
    Console.WriteLine(RunnerOptions.Usage);
    return 0;
}

// The runner lives in artifacts/notebooks of the repository; find the root from there so that
// it runs the same from any working directory.
string root = ResultsFolders.RepositoryRoot(AppContext.BaseDirectory)
    ?? ResultsFolders.RepositoryRoot(Environment.CurrentDirectory)
    ?? Environment.CurrentDirectory;
string results = Path.GetFullPath(options.Results ?? Path.Combine(root, "results"));

IReadOnlyList<string> notebooks;
try
{
    notebooks = NotebookSelection.Resolve(Path.Combine(root, "notebooks"), options.Notebooks);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

// The notebooks read these: the kit's results folder, PNG export, and the parameters cell's
// overrides (see NotebookParameters.WithOverrides).
Environment.SetEnvironmentVariable(ResultsFolders.Variable, results);
Environment.SetEnvironmentVariable(NotebookKit.PngVariable, options.Png ? "1" : "0");
Environment.SetEnvironmentVariable(NotebookParameters.OverridesVariable,
    string.Join("\n", options.Overrides));

Console.WriteLine($"Running {notebooks.Count} notebook(s); results in {results}"
    + (options.Overrides.Count > 0 ? $"; overrides: {string.Join(", ", options.Overrides)}" : ""));
var clock = Stopwatch.StartNew();
var executor = new NotebookExecutor(Console.Out);
var finished = new List<(NotebookResult Result, int Figures, int Tables)>();
foreach (string notebook in notebooks)
{
    string name = Path.GetFileNameWithoutExtension(notebook);
    Console.WriteLine($"▶ {name}");
    var started = DateTime.UtcNow.AddSeconds(-1);
    NotebookResult result;
    try
    {
        result = await executor.RunAsync(notebook,
            Path.Combine(results, "notebooks", name + ".ipynb"));
    }
    catch (RunnerFailedException e)
    {
        // Not a cell's error: the runner's own, with its stack trace for a bug report.
        Console.Error.WriteLine($"FAILED: {e.Message}");
        Console.Error.WriteLine(e.InnerException);
        return 1;
    }
    var folders = new ResultsFolders(results, name);
    finished.Add((result, CountNew(folders.Figures, "*.html", started),
        CountNew(folders.Tables, "*.csv", started)));
    if (!result.Succeeded)
    {
        break;
    }
}

Console.WriteLine();
Console.WriteLine(Summary.Format(finished, clock.Elapsed));
var failure = finished.Select(f => f.Result).FirstOrDefault(r => !r.Succeeded);
if (failure is not null)
{
    Console.Error.WriteLine($"FAILED: notebook {failure.Name}, code cell {failure.FailedCell}: "
        + failure.Error);
    Console.Error.WriteLine($"The executed notebook with its outputs is {failure.Executed}");
    return 1;
}
return 0;

static int CountNew(string folder, string pattern, DateTime since) =>
    Directory.Exists(folder)
        ? Directory.GetFiles(folder, pattern).Count(f => File.GetLastWriteTimeUtc(f) >= since)
        : 0;
