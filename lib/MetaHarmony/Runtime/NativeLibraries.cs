using System.Reflection;
using System.Runtime.InteropServices;

namespace MetaHarmony.Runtime;

/// <summary>
/// Loads the libtorch that ships with the kit, by absolute path, before TorchSharp asks for it
/// by name. Without this, a libtorch installed system-wide (Debian's python3-torch puts 1.13 in
/// /usr/lib/x86_64-linux-gnu) can be found first when the kit is loaded from a folder without a
/// deps.json, as in a notebook, and TorchSharp then fails on the version mismatch.
/// </summary>
public static class NativeLibraries
{
    static readonly string[] CpuLoadOrder = ["c10", "torch_cpu", "torch", "LibTorchSharp"];
    static readonly string[] CudaLoadOrder = ["c10_cuda", "torch_cuda"];

    /// <summary>
    /// The folder holding the kit's libtorch, or null if none is found (then TorchSharp's own
    /// probing applies).
    /// </summary>
    public static string? FindNativeFolder()
    {
        string file = FileName("torch_cpu");
        foreach (string root in CandidateRoots())
        {
            foreach (string folder in new[] { root, Path.Combine(root, "runtimes", Rid, "native") })
            {
                if (File.Exists(Path.Combine(folder, file)))
                {
                    return folder;
                }
            }
        }
        return null;
    }

    /// <summary>
    /// Loads libc10, libtorch_cpu, libtorch and libLibTorchSharp (and the CUDA libraries when
    /// present) from <paramref name="folder"/>. Libraries loaded by path are then returned for
    /// the same names that TorchSharp later asks for.
    /// </summary>
    /// <returns>The paths that were loaded.</returns>
    public static IReadOnlyList<string> Preload(string folder)
    {
        var loaded = new List<string>();
        foreach (string name in CpuLoadOrder.Concat(CudaLoadOrder))
        {
            string path = Path.Combine(folder, FileName(name));
            if (!File.Exists(path))
            {
                continue;
            }

            // A failure here would be reported less clearly by TorchSharp later; say which file.
            if (!NativeLibrary.TryLoad(path, out _))
            {
                throw new DllNotFoundException(
                    $"Could not load {path}. On Linux, `ldd {path}` names the missing piece; a "
                    + "'version GLIBCXX_3.4.32 not found' means the build's libstdc++ fix did "
                    + "not run on this copy (see README, 'Compatibility').");
            }
            loaded.Add(path);
        }
        return loaded;
    }

    /// <summary>
    /// The file each loaded shared library was mapped from, read from /proc/self/maps (Linux
    /// only; empty elsewhere). Tells which libtorch the process really uses.
    /// </summary>
    public static IReadOnlyList<string> MappedFiles(string fileNamePrefix)
    {
        const string maps = "/proc/self/maps";
        if (!File.Exists(maps))
        {
            return [];
        }

        return File.ReadLines(maps)
            .Select(line => line.IndexOf('/', StringComparison.Ordinal) is int at and >= 0
                ? line[at..] : "")
            .Where(path => Path.GetFileName(path)
                .StartsWith(fileNamePrefix, StringComparison.Ordinal))
            .Distinct(StringComparer.Ordinal)
            .ToList();
    }

    static IEnumerable<string> CandidateRoots()
    {
        string? torchSharp = Path.GetDirectoryName(typeof(TorchSharp.torch).Assembly.Location);
        string? ours = Path.GetDirectoryName(typeof(NativeLibraries).Assembly.Location);
        foreach (string? root in new[] { ours, torchSharp, AppContext.BaseDirectory })
        {
            if (!string.IsNullOrEmpty(root))
            {
                yield return root;
            }
        }
    }

    static string Rid =>
        RuntimeInformation.RuntimeIdentifier.StartsWith("linux", StringComparison.Ordinal)
        ? $"linux-{RuntimeInformation.ProcessArchitecture.ToString().ToLowerInvariant()}"
        : RuntimeInformation.RuntimeIdentifier;

    static string FileName(string name) =>
        OperatingSystem.IsWindows() ? $"{name}.dll"
        : OperatingSystem.IsMacOS() ? $"lib{name}.dylib"
        : $"lib{name}.so";
}
