using MetaHarmony.Meta;
using MetaHarmony.Models;
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
    public void AWorkloadRaisesTheLimitToKeepItsBlocksAndNeverLowersIt()
    {
        var info = TorchRuntime.EnsureInitialized();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(0, TorchRuntime.RetainBlocksOf(20 * MiB));
            return;
        }

        Assert.Equal(CpuMemoryPolicies.DefaultRetainedBlockLimitMiB,
            CpuMemoryPolicies.RetainedBlockLimitMiB);
        try
        {
            Assert.True(NewBlocksAreMapped(20 * MiB), "no 20 MiB block was mapped");

            int raised = TorchRuntime.RetainBlocksOf(20 * MiB);

            Assert.Equal(22, raised); // the block, its header and alignment, rounded up
            Assert.False(NewBlocksAreMapped(20 * MiB), "a 20 MiB block was still mapped");
            Assert.Contains($"retained (blocks under {raised} MiB)", info.ToString(),
                StringComparison.Ordinal);
            Assert.Equal(raised, TorchRuntime.RetainBlocksOf(4 * MiB)); // never lowered
            Assert.Equal(raised, TorchRuntime.RetainBlocksOf(40 * MiB)); // past glibc's ceiling
            Assert.True(NewBlocksAreMapped(40 * MiB), "no 40 MiB block was mapped");
        }
        finally
        {
            Assert.True(GlibcAllocator.SetRetainedBlockLimit(
                CpuMemoryPolicies.DefaultRetainedBlockLimitMiB));
        }
    }

    [Fact]
    public void TheInnerLoopsLargestActivationIsTheFirstConvolutionsOutput()
    {
        var backbone = new Conv4(new BackboneShape(3, 84, 5));
        var weights = backbone.InitialWeights(seed: 0);
        using var support = torch.zeros(25, 3, 84, 84);

        using var output = torch.nn.functional.conv2d(support, weights[0], weights[1],
            padding: [1, 1]);

        Assert.Equal(output.numel() * output.element_size(),
            InnerLoop.LargestActivationBytes(backbone, 25));
        Assert.Equal(25L * 32 * 84 * 84 * 4, InnerLoop.LargestActivationBytes(backbone, 25));
        weights.ToList().ForEach(w => w.Dispose());
        TorchRuntime.EnsureInitialized();
        if (OperatingSystem.IsLinux())
        {
            // A 5-way 1-shot support set's activations lie under the default limit, and first
            // order never asks for more.
            Assert.Equal(CpuMemoryPolicies.DefaultRetainedBlockLimitMiB,
                InnerLoop.RetainActivations(backbone, 5, Adaptation.SecondOrder, torch.CPU));
            Assert.Equal(0,
                InnerLoop.RetainActivations(backbone, 25, Adaptation.FirstOrder, torch.CPU));
        }
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
