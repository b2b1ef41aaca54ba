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
    [Fact]
    public void ALargeTensorComesFromTheHeapNotFromAFreshMapping()
    {
        var info = TorchRuntime.EnsureInitialized();
        if (!OperatingSystem.IsLinux())
        {
            Assert.Equal(CpuMemoryPolicy.Return, info.CpuMemory);
            return;
        }

        Assert.Equal(CpuMemoryPolicy.Retain, info.CpuMemory);
        Assert.Contains("freed memory retained", info.ToString(), StringComparison.Ordinal);
        const long bytes = 40L << 20;
        for (int round = 0; round < 3; round++)
        {
            ulong mappedBefore = GlibcAllocator.MappedBytes();
            using var activations = torch.ones(bytes / sizeof(float));
            ulong mappedAfter = GlibcAllocator.MappedBytes();

            // glibc's default maps every block above its threshold (at most 32 MiB) anew.
            Assert.True(mappedAfter < mappedBefore + (ulong)bytes,
                $"a {bytes >> 20} MiB tensor was mapped: {mappedBefore} -> {mappedAfter} bytes");
            Assert.Equal(bytes / sizeof(float), activations.sum().item<float>());
        }
    }

    [Theory]
    [InlineData(null, CpuMemoryPolicy.Retain)]
    [InlineData(" Return ", CpuMemoryPolicy.Return)]
    [InlineData("retain", CpuMemoryPolicy.Retain)]
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
        Assert.Contains("retain", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void AnUndefinedPolicyInTheOptionsIsNamed()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new RuntimeOptions { CpuMemory = (CpuMemoryPolicy)7 }.Validate());
        Assert.Contains("CpuMemory = 7", error.Message, StringComparison.Ordinal);
    }
}
