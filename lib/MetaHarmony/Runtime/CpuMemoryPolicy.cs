namespace MetaHarmony.Runtime;

/// <summary>What the C allocator does with the host memory that freed tensors give back.</summary>
public enum CpuMemoryPolicy
{
    /// <summary>
    /// Keep blocks under <see cref="CpuMemoryPolicies.RetainedBlockLimitMiB"/> MiB for the
    /// next tensors (glibc only): they come from the heap rather than from a fresh mapping
    /// each, and the heap is not trimmed. Every meta-step allocates and frees the same
    /// activations; by default glibc maps each large one anew and the kernel zeroes its pages
    /// on first touch, which cost 14% of a first-order 28x28 meta-step on a 2-core machine.
    /// Larger blocks are mapped and given back when freed: kept in the heap as well, they
    /// fragmented it until a second-order 84x84 meta-step peaked at 2.7 times its live memory.
    /// </summary>
    Retain,

    /// <summary>glibc's defaults: large blocks are unmapped when freed, memory goes back.</summary>
    Return,

    /// <summary>
    /// Keep every block, however large, for the next tensors (glibc only). Fastest where large
    /// activations are allocated and freed many times a step (a second-order 84x84 5-shot
    /// meta-step took 5 to 22% less time than under <see cref="Retain"/>), at the price of a
    /// fragmented heap whose peak the process keeps until it exits.
    /// </summary>
    RetainAll,
}

/// <summary>The size below which <see cref="CpuMemoryPolicy.Retain"/> keeps freed blocks.</summary>
public static class CpuMemoryPolicies
{
    /// <summary>
    /// 16 MiB: a 28x28 meta-step's activations stay under it (they are all kept), while an
    /// 84x84 query batch's (17 to 68 MiB) go back. Measured on a 2-core machine at 84x84,
    /// second order, 1-shot: 32 MiB peaked at 970 to 1020 MiB, 16 MiB at 835 to 840, 8 MiB at
    /// 785 but 8% slower.
    /// </summary>
    public const int RetainedBlockLimitMiB = 16;

    /// <summary>How the runtime line names the policy: "retained (blocks under 16 MiB)".</summary>
    public static string Describe(this CpuMemoryPolicy policy) => policy switch
    {
        CpuMemoryPolicy.Retain => $"retained (blocks under {RetainedBlockLimitMiB} MiB)",
        CpuMemoryPolicy.RetainAll => "retained (all blocks)",
        _ => "returned",
    };
}
