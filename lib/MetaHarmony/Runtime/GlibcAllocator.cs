using System.Runtime.InteropServices;

namespace MetaHarmony.Runtime;

/// <summary>
/// Tunes glibc's malloc, which libtorch's CPU allocator sits on, through mallopt(3): the
/// settings apply to the whole process from the next allocation on.
/// </summary>
internal static partial class GlibcAllocator
{
    // mallopt parameters, from glibc's malloc.h.
    const int TrimThreshold = -1;
    const int TopPad = -2;
    const int MmapThreshold = -3;
    const int MmapMax = -4;

    /// <summary>glibc's own cap on mapped blocks (M_MMAP_MAX), restored for large ones.</summary>
    const int DefaultMmapMax = 65536;

    /// <summary>Heap growth asked of the kernel at a time, beyond the request.</summary>
    const int TopPadBytes = 64 << 20;

    /// <summary>
    /// Serves blocks from the heap and never trims it: every block when
    /// <paramref name="allBlocks"/> (<see cref="CpuMemoryPolicy.RetainAll"/>), else those under
    /// the retained-block limit (<see cref="CpuMemoryPolicy.Retain"/>), larger ones being
    /// mapped and unmapped. Returns null when done, else why not (not Linux, not glibc, a
    /// setting refused).
    /// </summary>
    public static string? RetainFreedMemory(bool allBlocks)
    {
        if (!OperatingSystem.IsLinux())
        {
            return "freed memory is returned: retaining it needs glibc (Linux)";
        }
        try
        {
            _ = gnu_get_libc_version();
        }
        catch (EntryPointNotFoundException)
        {
            return "freed memory is returned: the C library is not glibc";
        }

        // A mapped block is never reused, so a block kept for the next tensor must come from
        // the heap. A fixed threshold also stops glibc from raising it as blocks are freed.
        bool mapping = allBlocks
            ? mallopt(MmapMax, 0) == 1
            : SetRetainedBlockLimit(CpuMemoryPolicies.RetainedBlockLimitMiB)
                && mallopt(MmapMax, DefaultMmapMax) == 1;
        bool applied = mapping
            && mallopt(TrimThreshold, int.MaxValue) == 1
            && mallopt(TopPad, TopPadBytes) == 1;
        return applied ? null : "freed memory is returned: glibc refused a mallopt setting";
    }

    /// <summary>
    /// Maps blocks from <paramref name="mib"/> MiB on, keeping smaller ones in the heap (under
    /// <see cref="CpuMemoryPolicy.Retain"/>); false where glibc refuses the size.
    /// </summary>
    public static bool SetRetainedBlockLimit(int mib)
    {
        if (mallopt(MmapThreshold, mib << 20) != 1)
        {
            return false;
        }
        CpuMemoryPolicies.RetainedBlockLimitMiB = mib;
        return true;
    }

    /// <summary>
    /// Bytes in blocks that glibc mapped on their own (mallinfo2's hblkhd), process-wide.
    /// </summary>
    public static ulong MappedBytes() => mallinfo2().HBlkHd;

    /// <summary>Bytes free in the heap, process-wide (mallinfo2's fordblks).</summary>
    public static ulong FreeHeapBytes() => mallinfo2().FordBlks;

    /// <summary>glibc's struct mallinfo2: ten size_t counters.</summary>
    [StructLayout(LayoutKind.Sequential)]
    readonly struct MallInfo2
    {
        public readonly nuint Arena, OrdBlks, SmBlks, HBlks, HBlkHd, UsmBlks, FsmBlks, UordBlks,
            FordBlks, KeepCost;
    }

    [LibraryImport("libc")]
    private static partial MallInfo2 mallinfo2();

    [LibraryImport("libc")]
    private static partial int mallopt(int parameter, int value);

    [LibraryImport("libc")]
    private static partial nint gnu_get_libc_version();
}
