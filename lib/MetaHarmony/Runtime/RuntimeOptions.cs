namespace MetaHarmony.Runtime;

/// <summary>How libgomp's worker threads wait between parallel regions.</summary>
public enum OmpWaitPolicy
{
    /// <summary>
    /// Leave OMP_WAIT_POLICY as the process environment has it (libgomp's default spins for a
    /// while, then sleeps). Fastest on an idle machine.
    /// </summary>
    Default,

    /// <summary>Threads spin while waiting; fast when the cores are otherwise idle.</summary>
    Active,

    /// <summary>Threads sleep while waiting; robust when other processes share the cores.</summary>
    Passive,
}

/// <summary>
/// Process-wide settings of the tensor runtime. They must be applied before the first tensor
/// operation (see <see cref="TorchRuntime.Initialize"/>), because libgomp reads its environment
/// once, when it is loaded.
/// </summary>
public sealed record RuntimeOptions
{
    /// <summary>
    /// "auto" (CUDA when available, else CPU), "cpu", "cuda" or "cuda:N". The environment
    /// variable METAHARMONY_DEVICE overrides "auto".
    /// </summary>
    public string Device { get; init; } = "auto";

    /// <summary>
    /// Intra-op threads for CPU work; 0 means one per core. METAHARMONY_THREADS overrides 0.
    /// </summary>
    public int Threads { get; init; }

    /// <summary>
    /// libgomp's wait policy. Measured on a 2-core machine: idle,
    /// <see cref="OmpWaitPolicy.Default"/> was fastest (passive was 1.35x slower at 84x84 and
    /// 1.9x at 28x28); with another process busy on one core, the default became 2.3x slower
    /// while passive kept its idle speed.
    /// METAHARMONY_OMP_WAIT_POLICY (default, active, passive) overrides Default.
    /// </summary>
    public OmpWaitPolicy WaitPolicy { get; init; } = OmpWaitPolicy.Default;

    /// <summary>
    /// Whether host memory that freed tensors give back is kept for the next ones
    /// (<see cref="CpuMemoryPolicy.Retain"/>: blocks under 16 MiB, faster;
    /// <see cref="CpuMemoryPolicy.RetainAll"/>: every block) or returned to the system.
    /// METAHARMONY_CPU_MEMORY (retain, retain-all, return) overrides Retain.
    /// </summary>
    public CpuMemoryPolicy CpuMemory { get; init; } = CpuMemoryPolicy.Retain;

    /// <summary>Checks the values; an <see cref="ArgumentException"/> names a bad one.</summary>
    public RuntimeOptions Validate()
    {
        if (Threads < 0)
        {
            throw new ArgumentException(
                $"Threads = {Threads} is negative; use 0 for one thread per core, or a count.",
                nameof(Threads));
        }

        if (!Enum.IsDefined(CpuMemory))
        {
            throw new ArgumentException(
                $"CpuMemory = {(int)CpuMemory} is not a policy; use CpuMemoryPolicy.Retain, "
                + "RetainAll or Return.", nameof(CpuMemory));
        }

        DeviceSpec.Parse(Device);
        return this;
    }
}
