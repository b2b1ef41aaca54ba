using MetaHarmony.Runtime;
using MetaHarmony.Tests.Meta;
using TorchSharp;

namespace MetaHarmony.Tests.Runtime;

/// <summary>
/// The allocator policy, seen through glibc's own counters: they are process-wide, so nothing
/// may allocate beside these tests.
/// </summary>
[Collection(nameof(SerialTests))]
public sealed class CpuMemoryTests
{
    const long MiB = 1L << 20;

    [Fact]
    public void BlocksUnderTheLimitComeFromTheHeapAndLargerOnesAreGivenBack()
    {
        var info = TorchRuntime.EnsureInitialized();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(CpuMemoryPolicy.Return, info.CpuMemory);
            return;
        }

        Assert.Equal(CpuMemoryPolicy.Retain, info.CpuMemory);
        long limit = CpuMemoryPolicies.RetainedBlockLimitMiB * MiB;
        Assert.Contains($"freed memory retained (blocks under {limit / MiB} MiB)", info.ToString(),
            StringComparison.Ordinal);
        // glibc's default maps blocks from 128 KiB and raises that threshold towards 32 MiB as
        // mapped blocks are freed; the policy fixes it at the limit, on both sides of which
        // these sizes lie.
        Assert.False(NewBlocksAreMapped(limit / 2), $"a {limit / 2 / MiB} MiB block was mapped");
        Assert.True(NewBlocksAreMapped(limit * 3 / 2),
            $"no {limit * 3 / 2 / MiB} MiB block was mapped");
    }

    [Fact]
    public void RetainAllKeepsEvenTheLargestBlocksInTheHeap()
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }

        TorchRuntime.EnsureInitialized();
        Assert.Null(GlibcAllocator.RetainFreedMemory(allBlocks: true));
        try
        {
            Assert.False(NewBlocksAreMapped(40 * MiB), "a 40 MiB block was mapped");
        }
        finally
        {
            Assert.Null(GlibcAllocator.RetainFreedMemory(allBlocks: false));
        }
    }

    [Theory]
    [InlineData(null, CpuMemoryPolicy.Retain)]
    [InlineData(" Return ", CpuMemoryPolicy.Return)]
    [InlineData("retain", CpuMemoryPolicy.Retain)]
    [InlineData("Retain-All", CpuMemoryPolicy.RetainAll)]
    public void TheEnvironmentChoosesWhereTheOptionsKeepTheDefault(string? variable,
        CpuMemoryPolicy expected) =>
        Assert.Equal(expected, TorchRuntime.ChooseCpuMemory(CpuMemoryPolicy.Retain, variable));

    [Fact]
    public void AnExplicitReturnIsKeptWhateverTheEnvironmentSays() =>
        Assert.Equal(CpuMemoryPolicy.Return,
            TorchRuntime.ChooseCpuMemory(CpuMemoryPolicy.Return, "retain"));

    [Theory]
    [InlineData("keep")]
    [InlineData("1")]
    public void AnUnknownPolicyInTheEnvironmentIsNamed(string variable)
    {
        var error = Assert.Throws<ArgumentException>(
            () => TorchRuntime.ChooseCpuMemory(CpuMemoryPolicy.Retain, variable));
        Assert.Contains($"METAHARMONY_CPU_MEMORY='{variable}'", error.Message,
            StringComparison.Ordinal);
        Assert.Contains("retain-all", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndefinedPolicyInTheOptionsIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new RuntimeOptions { CpuMemory = (CpuMemoryPolicy)7 }.Validate());
        Assert.Contains("CpuMemory = 7", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(CpuMemoryPolicy.RetainAll)]
    [InlineData(CpuMemoryPolicy.Return)]
    public void ALaterRequestForAnotherPolicySaysWhichOneStays(CpuMemoryPolicy requested)
    {
        var info = TorchRuntime.EnsureInitialized();

        var again = TorchRuntime.Initialize(new RuntimeOptions { CpuMemory = requested });

        Assert.Equal(info.CpuMemory, again.CpuMemory);
        Assert.Contains(again.Warnings, warning => warning.StartsWith(
            $"freed memory stays {info.CpuMemory.Describe()}:", StringComparison.Ordinal));
    }

    /// <summary>
    /// Allocates blocks of <paramref name="bytes"/> until what the heap has free is used up, so
    /// that the last ones need new memory, and says whether glibc mapped any of them on its
    /// own; checks that mapped blocks are unmapped again when freed.
    /// </summary>
    static bool NewBlocksAreMapped(long bytes)
    {
        long count = (long)(GlibcAllocator.FreeHeapBytes() / (ulong)bytes) + 3;
        ulong before = GlibcAllocator.MappedBytes();
        var blocks = new List<torch.Tensor>();
        bool mapped;
        try
        {
            for (int i = 0; i < count; i++)
            {
                blocks.Add(torch.empty(bytes / sizeof(float)));
            }
            mapped = GlibcAllocator.MappedBytes() >= before + (ulong)bytes;
        }
        finally
        {
            blocks.ForEach(block => block.Dispose());
        }

        Assert.True(GlibcAllocator.MappedBytes() < before + (ulong)bytes,
            $"freed {bytes / MiB} MiB blocks were not given back");
        return mapped;
    }
}
