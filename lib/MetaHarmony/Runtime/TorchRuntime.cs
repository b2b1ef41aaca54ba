using System.Globalization;
using TorchSharp;

namespace MetaHarmony.Runtime;

/// <summary>
/// Sets up libtorch once per process: the wait policy (before libgomp loads), the kit's own
/// native libraries, the thread count and the device. Everything in the kit that touches
/// tensors calls <see cref="EnsureInitialized"/>, so calling <see cref="Initialize"/> first is
/// only needed to change the defaults.
/// </summary>
public static class TorchRuntime
{
    static readonly Lock Gate = new();
    static RuntimeInfo? current;

    /// <summary>The settings in force, or null before initialisation.</summary>
    public static RuntimeInfo? Current => current;

    /// <summary>
    /// Applies <paramref name="options"/> (defaults when null) if the runtime is not yet set up;
    /// otherwise returns the settings already in force and, if they differ from the request,
    /// says so in <see cref="RuntimeInfo.Warnings"/>.
    /// </summary>
    public static RuntimeInfo Initialize(RuntimeOptions? options = null)
    {
        options = (options ?? new RuntimeOptions()).Validate();
        lock (Gate)
        {
            if (current is not null)
            {
                return current with { Warnings = Differences(current, options) };
            }

            current = Start(options);
            return current;
        }
    }

    /// <summary>Initialises with defaults unless already done; returns the settings.</summary>
    public static RuntimeInfo EnsureInitialized() => current ?? Initialize();

    /// <summary>The device chosen at initialisation.</summary>
    public static torch.Device Device => new(EnsureInitialized().Device);

    static RuntimeInfo Start(RuntimeOptions options)
    {
        var warnings = new List<string>();
        string policy = ApplyWaitPolicy(options.WaitPolicy, warnings);
        var memory = ApplyCpuMemory(options.CpuMemory, warnings);

        string? folder = NativeLibraries.FindNativeFolder();
        if (folder is not null)
        {
            NativeLibraries.Preload(folder);
        }

        string backend = Backend;
        string device = ChooseDevice(options.Device, backend);
        int threads = ChooseThreads(options.Threads);
        torch.InitializeDeviceType(device.StartsWith("cuda", StringComparison.Ordinal)
            ? DeviceType.CUDA : DeviceType.CPU);
        torch.set_num_threads(threads);
        return new RuntimeInfo(backend, device, torch.get_num_threads(), policy, folder, warnings,
            memory);
    }

    static CpuMemoryPolicy ApplyCpuMemory(CpuMemoryPolicy requested, List<string> warnings)
    {
        var policy = ChooseCpuMemory(requested,
            Environment.GetEnvironmentVariable("METAHARMONY_CPU_MEMORY"));
        if (policy == CpuMemoryPolicy.Return)
        {
            return policy;
        }

        string? whyNot = GlibcAllocator.RetainFreedMemory(policy == CpuMemoryPolicy.RetainAll);
        if (whyNot is null)
        {
            return policy;
        }
        warnings.Add(whyNot);
        return CpuMemoryPolicy.Return;
    }

    /// <summary>
    /// Under <see cref="CpuMemoryPolicy.Retain"/>, raises the retained-block limit so that
    /// freed blocks of <paramref name="bytes"/> are kept for the next tensors. A workload that
    /// allocates blocks above the default limit many times a step, such as the inner loop of
    /// an 84x84 5-shot task, then reuses them rather than having the kernel map and zero fresh
    /// pages each time. Process-wide and never lowered, so a notebook's earlier runs keep what
    /// they need; blocks beyond <see cref="CpuMemoryPolicies.MaxRetainedBlockLimitMiB"/> leave
    /// it as it is. Returns the limit in force in MiB, or 0 where the policy is another.
    /// </summary>
    public static int RetainBlocksOf(long bytes)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(bytes);
        if (EnsureInitialized().CpuMemory != CpuMemoryPolicy.Retain)
        {
            return 0;
        }

        // Whole MiB rounded up, and one more for glibc's header and libtorch's alignment.
        long needed = (bytes >> 20) + 2;
        lock (Gate)
        {
            if (needed > CpuMemoryPolicies.RetainedBlockLimitMiB
                && needed <= CpuMemoryPolicies.MaxRetainedBlockLimitMiB)
            {
                GlibcAllocator.SetRetainedBlockLimit((int)needed);
            }
            return CpuMemoryPolicies.RetainedBlockLimitMiB;
        }
    }

    /// <summary>
    /// The policy to apply: <paramref name="requested"/>, or where that is the default
    /// (Retain), the one METAHARMONY_CPU_MEMORY names.
    /// </summary>
    internal static CpuMemoryPolicy ChooseCpuMemory(CpuMemoryPolicy requested,
        string? fromEnvironment)
    {
        if (requested != CpuMemoryPolicy.Retain || string.IsNullOrWhiteSpace(fromEnvironment))
        {
            return requested;
        }
        return fromEnvironment.Trim().ToLowerInvariant() switch
        {
            "retain" => CpuMemoryPolicy.Retain,
            "retain-all" => CpuMemoryPolicy.RetainAll,
            "return" => CpuMemoryPolicy.Return,
            _ => throw new ArgumentException(
                $"METAHARMONY_CPU_MEMORY='{fromEnvironment}' is not a policy; use retain (keep "
                + $"freed blocks under {CpuMemoryPolicies.RetainedBlockLimitMiB} MiB for the next "
                + "tensors), retain-all (keep every block) or return (give it back)."),
        };
    }

    /// <summary>"cuda" when the kit was built with -p:TorchBackend=cuda, else "cpu".</summary>
    public static string Backend =>
#if TORCH_CUDA_BACKEND
        "cuda";
#else
        "cpu";
#endif

    static string ApplyWaitPolicy(OmpWaitPolicy requested, List<string> warnings)
    {
        string? fromEnvironment = Environment.GetEnvironmentVariable("METAHARMONY_OMP_WAIT_POLICY");
        if (requested == OmpWaitPolicy.Default && !string.IsNullOrWhiteSpace(fromEnvironment))
        {
            if (!Enum.TryParse(fromEnvironment, ignoreCase: true, out requested))
            {
                throw new ArgumentException(
                    $"METAHARMONY_OMP_WAIT_POLICY='{fromEnvironment}' is not a wait policy; "
                    + "use default, active or passive.");
            }
        }

        if (requested != OmpWaitPolicy.Default)
        {
            if (NativeLibraries.MappedFiles("libgomp").Count > 0)
            {
                warnings.Add($"wait policy {requested} not applied: libgomp was already loaded");
            }
            else
            {
                NativeEnvironment.Set("OMP_WAIT_POLICY", requested.ToString().ToUpperInvariant());
            }
        }

        return NativeEnvironment.Get("OMP_WAIT_POLICY") ?? "default";
    }

    static string ChooseDevice(string requested, string backend)
    {
        var spec = DeviceSpec.Parse(requested);
        if (spec.Kind == "auto")
        {
            string? fromEnvironment = Environment.GetEnvironmentVariable("METAHARMONY_DEVICE");
            spec = string.IsNullOrWhiteSpace(fromEnvironment)
                ? spec : DeviceSpec.Parse(fromEnvironment);
        }

        bool cudaAvailable = backend == "cuda" && torch.cuda.is_available();
        return spec.Kind switch
        {
            "cpu" => "cpu",
            "cuda" when !cudaAvailable => throw new InvalidOperationException(
                backend == "cuda"
                    ? $"Device '{requested}' was requested, but no CUDA device is available."
                    : $"Device '{requested}' was requested, but the kit was built for CPU; "
                      + "rebuild with -p:TorchBackend=cuda (see README, 'GPU builds')."),
            "cuda" => $"cuda:{Math.Max(spec.Index, 0)}",
            _ => cudaAvailable ? "cuda:0" : "cpu",
        };
    }

    static int ChooseThreads(int requested)
    {
        if (requested > 0)
        {
            return requested;
        }

        string? fromEnvironment = Environment.GetEnvironmentVariable("METAHARMONY_THREADS");
        return int.TryParse(fromEnvironment, NumberStyles.None, CultureInfo.InvariantCulture,
            out int threads) && threads > 0 ? threads : Environment.ProcessorCount;
    }

    static List<string> Differences(RuntimeInfo info, RuntimeOptions requested)
    {
        var warnings = new List<string>(info.Warnings);
        if (requested.Threads > 0 && requested.Threads != info.Threads)
        {
            warnings.Add($"threads stay {info.Threads}: the runtime was already initialised");
        }
        if (requested.WaitPolicy != OmpWaitPolicy.Default
            && !string.Equals(requested.WaitPolicy.ToString(), info.WaitPolicy,
                StringComparison.OrdinalIgnoreCase))
        {
            warnings.Add($"wait policy stays {info.WaitPolicy}: libgomp was already loaded");
        }
        // As for the other settings, only a request away from the default can be refused.
        if (requested.CpuMemory != CpuMemoryPolicy.Retain && requested.CpuMemory != info.CpuMemory)
        {
            warnings.Add($"freed memory stays {info.CpuMemory.Describe()}: the runtime was "
                + "already initialised");
        }
        return warnings;
    }
}
