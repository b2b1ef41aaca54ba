using System.Reflection;
using System.Runtime.CompilerServices;
using System.Runtime.Loader;

namespace MetaHarmony.Notebooks;

/// <summary>
/// Makes FSharp.Core resolvable for the kit's F# libraries inside a notebook host. The hosts
/// (dotnet-interactive, dotnet-repl) ship FSharp.Core 10.0 while Deedle and Plotly.NET ask for
/// 10.1, which the host cannot find: the runtime then raises
/// <see cref="AssemblyLoadContext.Resolving"/>, answered here. The handler is installed when the
/// kit's assembly loads (a module initializer), before the first cell can touch a frame or a
/// chart.
/// </summary>
internal static class KitAssemblies
{
    static int installed;

    /// <summary>The folder the kit was loaded from.</summary>
    public static string Folder { get; } =
        Path.GetDirectoryName(typeof(KitAssemblies).Assembly.Location) ?? AppContext.BaseDirectory;

    // A library must not normally run code on load; this one exists to be loaded by notebook
    // hosts and has to win the race against the first F# call.
#pragma warning disable CA2255
    [ModuleInitializer]
#pragma warning restore CA2255
    internal static void Install()
    {
        if (Interlocked.Exchange(ref installed, 1) == 0)
        {
            AssemblyLoadContext.Default.Resolving += Resolve;
        }
    }

    /// <summary>
    /// Makes FSharp.Core resolvable for the kit's F# libraries and returns the version in use:
    /// the kit's own, or the host's where the host loaded one first.
    /// </summary>
    public static Version FSharpCore()
    {
        var ours = AssemblyName.GetAssemblyName(Path.Combine(Folder, "FSharp.Core.dll"));
        return AssemblyLoadContext.Default.LoadFromAssemblyName(ours).GetName().Version!;
    }

    /// <summary>The FSharp.Core version the kit was built with.</summary>
    public static Version BuiltWithFSharpCore =>
        AssemblyName.GetAssemblyName(Path.Combine(Folder, "FSharp.Core.dll")).Version!;

    /// <summary>
    /// Serves FSharp.Core only. The notebook host loads the kit's other assemblies itself, and
    /// a second copy of one of them (say MetaHarmony.Notebooks) loaded here would not be the
    /// type that earlier cells were compiled against.
    /// </summary>
    static Assembly? Resolve(AssemblyLoadContext context, AssemblyName requested)
    {
        string candidate = Path.Combine(Folder, "FSharp.Core.dll");
        if (requested.Name != "FSharp.Core" || !File.Exists(candidate))
        {
            return null;
        }

        // A host that loaded its own FSharp.Core at start-up (dotnet-repl does) keeps it:
        // every F# library in the process must share one FSharp.Core, or their function types
        // differ (Plotly.NET then fails inside Giraffe.ViewEngine). The kit's libraries run on
        // the host's 10.0 as long as they use nothing that only 10.1 has.
        var loaded = context.Assemblies.FirstOrDefault(a => a.GetName().Name == "FSharp.Core");
        return loaded ?? context.LoadFromAssemblyPath(candidate);
    }
}
