using MetaHarmony.Build;

namespace MetaHarmony.Tests.Build;

/// <summary>The build's fix for TorchSharp's GLIBCXX_3.4.32 requirement.</summary>
public sealed class ElfVersionNeedsTests : IDisposable
{
    const string Glibcxx32 = "GLIBCXX_3.4.32";
    const string IosInit = "_ZSt21ios_base_library_initv";
    readonly string folder = Directory.CreateTempSubdirectory("elf-tests-").FullName;

    public void Dispose() => Directory.Delete(folder, recursive: true);

    static string PackageCopy()
    {
        string packages = Environment.GetEnvironmentVariable("NUGET_PACKAGES")
            ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile),
                ".nuget", "packages");
        return Path.Combine(packages, "torchsharp", "0.107.0", "runtimes", "linux-x64", "native",
            "libLibTorchSharp.so");
    }

    [Fact]
    public void PackageCopyNeedsGlibcxx32OnlyForIosBaseLibraryInit()
    {
        var need = ElfVersions.ReadNeeds(PackageCopy()).Single(n => n.Version == Glibcxx32);

        Assert.Equal("libstdc++.so.6", need.File);
        Assert.False(need.IsWeak);
        Assert.Equal([IosInit], need.Symbols);
    }

    [Fact]
    public void MarkWeakChangesOnlyThatFlagAndKeepsTheOriginal()
    {
        string copy = Path.Combine(folder, "libLibTorchSharp.so");
        File.Copy(PackageCopy(), copy);
        string hardLink = Path.Combine(folder, "linked.so");
        Assert.Equal(0, Link(copy, hardLink));
        byte[] before = File.ReadAllBytes(copy);

        var needs = ElfVersions.ReadNeeds(copy);
        var allButGcc13 = needs.Select(n => n.Version).Where(v => v != Glibcxx32).ToHashSet();
        var (weaken, unsatisfiable) = ElfVersions.PlanLibstdcxx(needs, allButGcc13,
            new HashSet<string> { IosInit });
        ElfVersions.MarkWeak(copy, weaken);

        Assert.Empty(unsatisfiable);
        Assert.Equal(Glibcxx32, Assert.Single(weaken).Version);
        Assert.True(ElfVersions.ReadNeeds(copy).Single(n => n.Version == Glibcxx32).IsWeak);
        byte[] after = File.ReadAllBytes(copy);
        int[] changed = Enumerable.Range(0, before.Length).Where(i => before[i] != after[i])
            .ToArray();
        Assert.Equal([(int)weaken[0].FlagsOffset], changed);
        Assert.Equal(before, File.ReadAllBytes(hardLink));
    }

    [Fact]
    public void AVersionThatRealSymbolsNeedIsNotWeakened()
    {
        var needs = ElfVersions.ReadNeeds(PackageCopy());
        var (weaken, unsatisfiable) = ElfVersions.PlanLibstdcxx(needs,
            new HashSet<string> { "GLIBCXX_3.4" }, new HashSet<string> { IosInit });

        Assert.Contains(weaken, n => n.Version == Glibcxx32);
        Assert.Contains(unsatisfiable, n => n.Version == "GLIBCXX_3.4.30");
    }

    [Fact]
    public void TheBuildOutputCopyLoadsOnThisMachine()
    {
        string system = new[] { "/usr/lib/x86_64-linux-gnu", "/lib/x86_64-linux-gnu", "/usr/lib64" }
            .Select(d => Path.Combine(d, "libstdc++.so.6")).First(File.Exists);
        bool systemHas32 = ElfVersions.ReadDefinitions(system).Contains(Glibcxx32);
        string output = Path.Combine(AppContext.BaseDirectory, "runtimes", "linux-x64", "native",
            "libLibTorchSharp.so");

        var need = ElfVersions.ReadNeeds(output).Single(n => n.Version == Glibcxx32);

        Assert.Equal(!systemHas32, need.IsWeak);
        Assert.False(ElfVersions.ReadNeeds(PackageCopy()).Single(n => n.Version == Glibcxx32)
            .IsWeak);
    }

    [System.Runtime.InteropServices.DllImport("libc", EntryPoint = "link")]
    static extern int Link(string existing, string created);
}
