using MetaHarmony.Experiments;
using System.Diagnostics;
using System.Globalization;

namespace MetaHarmony.Reporting;

/// <summary>
/// Turns a saved HTML figure into a PNG with a headless Chromium, when one is installed. It runs
/// with networking features off; the figures it renders are self-contained, so nothing is
/// fetched.
/// </summary>
public sealed class HeadlessChromium
{
    /// <summary>Environment variable naming the browser binary to use.</summary>
    public const string EnvironmentVariable = "METAHARMONY_CHROMIUM";

    static readonly string[] Names =
        ["chromium", "chromium-browser", "google-chrome", "google-chrome-stable", "chrome"];

    static readonly string[] WellKnownPaths =
    [
        "/Applications/Google Chrome.app/Contents/MacOS/Google Chrome",
        "/Applications/Chromium.app/Contents/MacOS/Chromium",
        @"C:\Program Files\Google\Chrome\Application\chrome.exe",
        @"C:\Program Files (x86)\Microsoft\Edge\Application\msedge.exe",
    ];

    /// <summary>Uses the browser at <paramref name="executable"/>.</summary>
    public HeadlessChromium(string executable)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(executable);
        Executable = executable;
    }

    /// <summary>The browser binary.</summary>
    public string Executable { get; }

    /// <summary>How long one screenshot may take before it is abandoned.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(90);

    /// <summary>
    /// The browser named by METAHARMONY_CHROMIUM, else the first of chromium, chromium-browser,
    /// google-chrome, chrome on the PATH or in the usual install folders; null if none.
    /// </summary>
    /// <exception cref="FileNotFoundException">
    /// METAHARMONY_CHROMIUM names a file that does not exist: the user asked for that browser,
    /// so searching elsewhere, or quietly making no PNGs, would hide the mistake.
    /// </exception>
    public static HeadlessChromium? Find()
    {
        string? chosen = Environment.GetEnvironmentVariable(EnvironmentVariable);
        if (!string.IsNullOrWhiteSpace(chosen))
        {
            return File.Exists(chosen) ? new HeadlessChromium(chosen)
                : throw new FileNotFoundException(
                    $"{EnvironmentVariable}={chosen}, but that file does not exist; set it to "
                    + "a Chrome or Chromium binary, or unset it to search the PATH.", chosen);
        }

        var folders = (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries);
        string suffix = OperatingSystem.IsWindows() ? ".exe" : "";
        string? found = folders
            .SelectMany(folder => Names.Select(name => Path.Combine(folder, name + suffix)))
            .Concat(WellKnownPaths)
            .FirstOrDefault(File.Exists);
        return found is null ? null : new HeadlessChromium(found);
    }

    /// <summary>
    /// Renders <paramref name="htmlPath"/> in a window of the given size and writes the
    /// screenshot to <paramref name="pngPath"/> atomically. Returns null on success, else what
    /// went wrong in a sentence.
    /// </summary>
    public string? TryScreenshot(string htmlPath, string pngPath, int width, int height)
    {
        // Chromium picks the image format from the extension, so it writes "shot.png" in its
        // own scratch folder; the file is then copied into place atomically.
        string scratch = Directory.CreateTempSubdirectory("metaharmony-chromium-").FullName;
        string shot = Path.Combine(scratch, "shot.png");
        try
        {
            string? failure = Run(Arguments(htmlPath, shot, width, height, scratch));
            if (failure is null && new FileInfo(shot) is { Exists: true, Length: > 0 })
            {
                AtomicFile.Write(pngPath, stream =>
                {
                    using var source = File.OpenRead(shot);
                    source.CopyTo(stream);
                });
                return null;
            }
            return failure ?? $"{Executable} wrote no screenshot of {htmlPath}";
        }
        finally
        {
            TryDelete(scratch);
        }
    }

    static List<string> Arguments(string html, string png, int width, int height,
        string scratch) =>
    [
        "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run",
        "--disable-default-apps", "--disable-extensions", "--hide-scrollbars",
        // No host name resolves: a figure must draw from its own file, as it will offline.
        "--host-resolver-rules=MAP * ~NOTFOUND",
        "--user-data-dir=" + Path.Combine(scratch, "profile"),
        "--screenshot=" + png,
        string.Create(CultureInfo.InvariantCulture, $"--window-size={width},{height}"),
        new Uri(Path.GetFullPath(html)).AbsoluteUri,
    ];

    string? Run(List<string> arguments)
    {
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        arguments.ForEach(start.ArgumentList.Add);
        using var process = Process.Start(start)
            ?? throw new InvalidOperationException($"Could not start {Executable}.");

        // Drain both pipes so that a chatty browser cannot block on a full buffer.
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(Timeout))
        {
            process.Kill(entireProcessTree: true);
            return $"{Executable} took longer than {Timeout.TotalSeconds:F0} s; no PNG";
        }

        Task.WaitAll(output, error);
        return process.ExitCode == 0 ? null
            : $"{Executable} exited with code {process.ExitCode}: {LastLine(error.Result)}";
    }

    static string LastLine(string text) =>
        text.Split('\n', StringSplitOptions.RemoveEmptyEntries).LastOrDefault()?.Trim() ?? "";

    static void TryDelete(string folder)
    {
        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (IOException)
        {
            // A browser helper may still hold a file; the temporary folder is left to the OS.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
