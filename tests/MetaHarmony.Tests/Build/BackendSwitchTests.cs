using System.Diagnostics;

namespace MetaHarmony.Tests.Build;

/// <summary>The build-time backend switch: cpu by default, cuda on request, nothing else.</summary>
public sealed class BackendSwitchTests
{
    static (int ExitCode, string Output) MsBuild(string target, string backend)
    {
        string project = Path.Combine(TestPaths.RepositoryRoot, "lib", "MetaHarmony",
            "MetaHarmony.csproj");
        var start = new ProcessStartInfo("dotnet",
            ["msbuild", project, $"-t:{target}", $"-p:TorchBackend={backend}", "-nologo"])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        using var process = Process.Start(start)!;
        string output = process.StandardOutput.ReadToEnd() + process.StandardError.ReadToEnd();
        process.WaitForExit();
        return (process.ExitCode, output);
    }

    [Fact]
    public void AnUnknownBackendFailsNamingTheChoices()
    {
        var (exitCode, output) = MsBuild("MetaHarmonyRejectUnknownBackend", "gpu");

        Assert.NotEqual(0, exitCode);
        Assert.Contains("TorchBackend='gpu' is not a backend", output, StringComparison.Ordinal);
        Assert.Contains("-p:TorchBackend=cuda", output, StringComparison.Ordinal);
    }

    [Fact]
    public void TheCudaBackendSaysWhatItNeedsBeforeRestoring()
    {
        var (exitCode, output) = MsBuild("MetaHarmonyExplainCudaBackend", "cuda");

        Assert.Equal(0, exitCode);
        Assert.Contains("TorchSharp-cuda-linux 0.107.0", output, StringComparison.Ordinal);
        Assert.Contains("NU1101", output, StringComparison.Ordinal);
    }
}
