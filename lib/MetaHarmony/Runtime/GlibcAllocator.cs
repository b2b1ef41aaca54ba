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
    const int MmapMax = -4;

    /// <summary>Heap growth asked of the kernel at a time, beyond the request.</summary>
    const int TopPadBytes = 64 << 20;

    /// <summary>
    /// Serves every block from the heap and never trims it (<see cref="CpuMemoryPolicy.Retain"/>).
    /// Returns null when done, else why not (not Linux, not glibc, a setting refused).
    /// </summary>
    public static string? RetainFreedMemory()
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

        // Mapped blocks are never reused; with no mapping allowed, freed blocks stay in the
        // heap for the next tensor of that size.
        bool applied = mallopt(MmapMax, 0) == 1
            && mallopt(TrimThreshold, int.MaxValue) == 1
            && mallopt(TopPad, TopPadBytes) == 1;
        return applied ? null : "freed memory is returned: glibc refused a mallopt setting";
    }

    /// <summary>
    /// Bytes in blocks that glibc mapped on their own (mallinfo2's hblkhd), process-wide.
    /// </summary>
    public static ulong MappedBytes() => mallinfo2().HBlkHd;

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
