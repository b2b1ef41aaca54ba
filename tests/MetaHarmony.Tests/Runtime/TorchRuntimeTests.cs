using MetaHarmony.Runtime;
using TorchSharp;

namespace MetaHarmony.Tests.Runtime;

public sealed class TorchRuntimeTests
{
    [Fact]
    public void LoadsTheLibtorchThatShipsWithTheKit()
    {
        var info = TorchRuntime.EnsureInitialized();
        using var probe = torch.ones(3).sum();

        string? folder = NativeLibraries.FindNativeFolder();
        Assert.NotNull(folder);
        Assert.Equal(folder, info.LibTorchFolder);
        var mapped = NativeLibraries.MappedFiles("libtorch_cpu");
        Assert.NotEmpty(mapped);
        Assert.All(mapped, path => Assert.StartsWith(folder, path, StringComparison.Ordinal));
        Assert.All(NativeLibraries.MappedFiles("libc10"),
            path => Assert.StartsWith(folder, path, StringComparison.Ordinal));
        Assert.Equal(3f, probe.item<float>());
    }

    [Fact]
    public void ReportsItsSettings()
    {
        var info = TorchRuntime.EnsureInitialized();

        Assert.Equal("cpu", info.Backend);
        Assert.True(info.Threads >= 1);
        Assert.Contains("intra-op threads", info.ToString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("gpu")]
    [InlineData("cuda:x")]
    [InlineData("")]
    public void RejectsUnknownDevices(string device)
    {
        var error = Assert.Throws<ArgumentException>(() => DeviceSpec.Parse(device));
        Assert.Contains($"'{device}'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void RejectsNegativeThreadCounts()
    {
        var error = Assert.Throws<ArgumentException>(
            () => new RuntimeOptions { Threads = -2 }.Validate());
        Assert.Contains("-2", error.Message, StringComparison.Ordinal);
    }
}
