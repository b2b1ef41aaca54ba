namespace MetaHarmony.Runtime;

/// <summary>What the C allocator does with the host memory that freed tensors give back.</summary>
public enum CpuMemoryPolicy
{
    /// <summary>
    /// Keep blocks under the retained-block limit (16 MiB, raised to the inner loop's
    /// activations where they are larger: <see cref="CpuMemoryPolicies.RetainedBlockLimitMiB"/>)
    /// for the next tensors (glibc only): they come from the heap rather than from a fresh
    /// mapping each, and the heap is not trimmed. Every meta-step allocates and frees the same
    /// activations; by default glibc maps each large one anew and the kernel zeroes its pages
    /// on first touch, which cost 14% of a first-order 28x28 meta-step on a 2-core machine.
    /// Larger blocks are mapped and given back when freed: kept in the heap as well, they
    /// fragmented it until a second-order 84x84 meta-step peaked at 2.7 times its live memory.
    /// </summary>
    Retain,

    /// <summary>glibc's defaults: large blocks are unmapped when freed, memory goes back.</summary>
    Return,

    /// <summary>
    /// Keep every block, however large, for the next tensors (glibc only), at the price of a
    /// fragmented heap whose peak the process keeps until it exits. It was the fastest choice
    /// for a second-order 84x84 5-shot meta-step until <see cref="Retain"/>'s limit followed
    /// the inner loop's activations; now it is slower there (7.2 to 8.7 s against 6.0 to 6.5 s
    /// on a 2-core machine) and peaks as high (about 1.7 GiB).
    /// </summary>
    RetainAll,
}

/// <summary>The size below which <see cref="CpuMemoryPolicy.Retain"/> keeps freed blocks.</summary>
public static class CpuMemoryPolicies
{
    /// <summary>
    /// 16 MiB, the limit a process starts with: a 28x28 meta-step's activations stay under it
    /// (they are all kept), while an 84x84 query batch's (17 to 68 MiB) go back. Measured on a
    /// 2-core machine at 84x84, second order, 1-shot: 32 MiB peaked at 970 to 1020 MiB, 16 MiB
    /// at 835 to 840, 8 MiB at 785 but 8% slower.
    /// </summary>
    public const int DefaultRetainedBlockLimitMiB = 16;

    /// <summary>
    /// glibc's ceiling on the size from which it maps blocks (half its largest heap, on 64-bit
    /// systems), and so on the retained-block limit.
    /// </summary>
    public const int MaxRetainedBlockLimitMiB = 32;

    /// <summary>
    /// The limit in force, in MiB: <see cref="DefaultRetainedBlockLimitMiB"/> unless a workload
    /// raised it with <see cref="TorchRuntime.RetainBlocksOf"/>. Process-wide.
    /// </summary>
    public static int RetainedBlockLimitMiB { get; internal set; } = DefaultRetainedBlockLimitMiB;

    /// <summary>How the runtime line names the policy: "retained (blocks under 16 MiB)".</summary>
    public static string Describe(this CpuMemoryPolicy policy) => policy switch
    {
        CpuMemoryPolicy.Retain => $"retained (blocks under {RetainedBlockLimitMiB} MiB)",
        CpuMemoryPolicy.RetainAll => "retained (all blocks)",
        _ => "returned",
    };
}
