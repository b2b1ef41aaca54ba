namespace MetaHarmony.Runtime;

/// <summary>What the C allocator does with the host memory that freed tensors give back.</summary>
public enum CpuMemoryPolicy
{
    /// <summary>
    /// Keep it for the next tensors (glibc only): large blocks come from the heap rather than
    /// from a fresh mapping each, and the heap is not trimmed. Every meta-step allocates and
    /// frees the same activations; by default glibc maps each large one anew and the kernel
    /// zeroes its pages on first touch, which cost 14% of a first-order 28x28 meta-step and 4%
    /// of a second-order 84x84 one on a 2-core machine. The process keeps its peak memory
    /// until it exits.
    /// </summary>
    Retain,

    /// <summary>glibc's defaults: large blocks are unmapped when freed, memory goes back.</summary>
    Return,
}
