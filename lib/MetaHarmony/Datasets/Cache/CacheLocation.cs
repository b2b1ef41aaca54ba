using System.Security.Cryptography;
using System.Text;

namespace MetaHarmony.Datasets;

/// <summary>
/// Where a dataset's packed cache lives: beside the data by default, so that everyone using a
/// shared copy shares its cache, else in the user's cache folder, or wherever
/// <see cref="DatasetOptions.CacheFolder"/> says.
/// </summary>
internal static class CacheLocation
{
    /// <summary>How the name of every packed cache file ends.</summary>
    public const string Extension = ".mhpack";

    /// <summary>
    /// The places to look for the cache, and to build it, in order of preference: the
    /// configured folder alone, or the dataset's root then the user's cache folder.
    /// </summary>
    public static IReadOnlyList<string> Candidates(DatasetOptions options, string root)
    {
        string name = $"{options.NormalizedName}-{options.EffectiveImageSize}px-"
            + $"{options.EffectiveChannels}ch{Extension}";

        // Caches of different datasets meet in a shared folder: the root's path tells them
        // apart.
        string shared = $"{options.NormalizedName}-{RootTag(root)}-"
            + $"{options.EffectiveImageSize}px-{options.EffectiveChannels}ch{Extension}";
        if (!string.IsNullOrWhiteSpace(options.CacheFolder))
        {
            return [Path.Combine(Path.GetFullPath(options.CacheFolder), shared)];
        }
        return [Path.Combine(root, "metaharmony-" + name), Path.Combine(UserCacheFolder(), shared)];
    }

    /// <summary>$XDG_CACHE_HOME/metaharmony, else ~/.cache/metaharmony.</summary>
    public static string UserCacheFolder()
    {
        string? xdg = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        string home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        string baseFolder = !string.IsNullOrWhiteSpace(xdg) ? xdg : Path.Combine(home, ".cache");
        return Path.Combine(baseFolder, "metaharmony");
    }

    static string RootTag(string root) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(root)))[..12];
}
