// Reads and edits the symbol-version requirements (.gnu.version_r) of 64-bit little-endian ELF
// shared libraries. The build uses it to make libLibTorchSharp.so load on systems whose libstdc++
// predates GCC 13 (see TorchSharpNative.targets); the tests compile the same file.
//
// This file is compiled twice: as an inline MSBuild task by RoslynCodeTaskFactory (which is why
// it has no namespace-level usings beyond System and no other files), and into the test project,
// which defines METAHARMONY_TESTS to leave the MSBuild task class out.
#nullable enable
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;

namespace MetaHarmony.Build
{
    /// <summary>One version that a shared library requires of one of its dependencies.</summary>
    public sealed class ElfVersionNeed
    {
        /// <summary>The dependency's file name as DT_NEEDED gives it (libstdc++.so.6).</summary>
        public string File { get; set; } = "";

        /// <summary>The version name (e.g. GLIBCXX_3.4.32).</summary>
        public string Version { get; set; } = "";

        /// <summary>True when the requirement is already marked VER_FLG_WEAK.</summary>
        public bool IsWeak { get; set; }

        /// <summary>The index .gnu.version gives the symbols bound to this version.</summary>
        public int Index { get; set; }

        /// <summary>File offset of this entry's vna_flags field.</summary>
        public long FlagsOffset { get; set; }

        /// <summary>The undefined dynamic symbols that are bound to this version.</summary>
        public IReadOnlyList<string> Symbols { get; set; } = Array.Empty<string>();
    }

    /// <summary>Minimal reader and patcher for ELF symbol versioning.</summary>
    public static class ElfVersions
    {
        const uint ShtDynsym = 11;
        const uint ShtGnuVerdef = 0x6ffffffd;
        const uint ShtGnuVerneed = 0x6ffffffe;
        const uint ShtGnuVersym = 0x6fffffff;

        /// <summary>Tells the dynamic loader that a missing version is not fatal.</summary>
        public const ushort VerFlgWeak = 0x2;

        sealed class Section
        {
            public uint Type;
            public long Offset;
            public long Size;
            public int Link;
        }

        /// <summary>True when the file starts like a 64-bit little-endian ELF object.</summary>
        public static bool IsElf64(string path)
        {
            var ident = new byte[6];
            using var stream = System.IO.File.OpenRead(path);
            return stream.Read(ident, 0, 6) == 6 && ident[0] == 0x7f && ident[1] == (byte)'E'
                && ident[2] == (byte)'L' && ident[3] == (byte)'F' && ident[4] == 2 && ident[5] == 1;
        }

        /// <summary>Every requirement in .gnu.version_r, with the symbols bound to it.</summary>
        public static IReadOnlyList<ElfVersionNeed> ReadNeeds(string path)
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            var sections = ReadSections(bytes, path);
            var verneed = sections.FirstOrDefault(s => s.Type == ShtGnuVerneed);
            if (verneed is null)
            {
                return Array.Empty<ElfVersionNeed>();
            }

            var symbolsByIndex = UndefinedSymbolsByVersion(bytes, sections);
            var strings = sections[verneed.Link];
            var result = new List<ElfVersionNeed>();
            long need = verneed.Offset;
            while (true)
            {
                int count = U16(bytes, need + 2);
                string file = CString(bytes, strings.Offset + U32(bytes, need + 4));
                long aux = need + U32(bytes, need + 8);
                for (int i = 0; i < count; i++)
                {
                    int index = U16(bytes, aux + 6) & 0x7fff;
                    result.Add(new ElfVersionNeed
                    {
                        File = file,
                        Version = CString(bytes, strings.Offset + U32(bytes, aux + 8)),
                        IsWeak = (U16(bytes, aux + 4) & VerFlgWeak) != 0,
                        Index = index,
                        FlagsOffset = aux + 4,
                        Symbols = symbolsByIndex.TryGetValue(index, out var names)
                            ? names : new List<string>(),
                    });
                    uint nextAux = U32(bytes, aux + 12);
                    if (nextAux == 0) break;
                    aux += nextAux;
                }
                uint next = U32(bytes, need + 12);
                if (next == 0) break;
                need += next;
            }
            return result;
        }

        /// <summary>The version names a library defines in .gnu.version_d.</summary>
        public static ISet<string> ReadDefinitions(string path)
        {
            var bytes = System.IO.File.ReadAllBytes(path);
            var sections = ReadSections(bytes, path);
            var result = new HashSet<string>(StringComparer.Ordinal);
            var verdef = sections.FirstOrDefault(s => s.Type == ShtGnuVerdef);
            if (verdef is null)
            {
                return result;
            }

            var strings = sections[verdef.Link];
            long def = verdef.Offset;
            while (true)
            {
                long aux = def + U32(bytes, def + 12);
                result.Add(CString(bytes, strings.Offset + U32(bytes, aux)));
                uint next = U32(bytes, def + 16);
                if (next == 0) break;
                def += next;
            }
            return result;
        }

        /// <summary>
        /// Writes a copy of <paramref name="path"/> with the given requirements marked weak and
        /// renames it over the original. Writing a new file (rather than editing in place) keeps
        /// any hard-linked original, such as a NuGet cache entry, untouched.
        /// </summary>
        public static void MarkWeak(string path, IEnumerable<ElfVersionNeed> needs)
        {
            // File.Copy keeps the permission bits; the copy is edited, then renamed over.
            string temporary = path + ".weak-" + Guid.NewGuid().ToString("N") + ".tmp";
            try
            {
                System.IO.File.Copy(path, temporary);
                using (var stream = new FileStream(temporary, FileMode.Open, FileAccess.ReadWrite))
                {
                    var field = new byte[2];
                    foreach (var need in needs)
                    {
                        stream.Position = need.FlagsOffset;
                        if (stream.Read(field, 0, 2) != 2) throw new EndOfStreamException(path);
                        field[0] |= (byte)VerFlgWeak;
                        stream.Position = need.FlagsOffset;
                        stream.Write(field, 0, 2);
                    }
                }
                System.IO.File.Replace(temporary, path, null);
            }
            finally
            {
                if (System.IO.File.Exists(temporary)) System.IO.File.Delete(temporary);
            }
        }

        /// <summary>
        /// The requirements on libstdc++ that <paramref name="available"/> lacks, split into those
        /// safe to weaken (every symbol bound to them is in <paramref name="harmlessSymbols"/>,
        /// or none is) and those that are not.
        /// </summary>
        public static (List<ElfVersionNeed> Weaken, List<ElfVersionNeed> Unsatisfiable)
            PlanLibstdcxx(IEnumerable<ElfVersionNeed> needs, ISet<string> available,
                ISet<string> harmlessSymbols)
        {
            var weaken = new List<ElfVersionNeed>();
            var unsatisfiable = new List<ElfVersionNeed>();
            foreach (var need in needs)
            {
                if (!need.File.StartsWith("libstdc++.so", StringComparison.Ordinal)) continue;
                if (need.IsWeak || available.Contains(need.Version)) continue;
                if (need.Symbols.All(harmlessSymbols.Contains)) weaken.Add(need);
                else unsatisfiable.Add(need);
            }
            return (weaken, unsatisfiable);
        }

        static Dictionary<int, List<string>> UndefinedSymbolsByVersion(
            byte[] bytes, List<Section> sections)
        {
            var result = new Dictionary<int, List<string>>();
            var dynsym = sections.FirstOrDefault(s => s.Type == ShtDynsym);
            var versym = sections.FirstOrDefault(s => s.Type == ShtGnuVersym);
            if (dynsym is null || versym is null)
            {
                return result;
            }

            var strings = sections[dynsym.Link];
            long count = dynsym.Size / 24;
            for (long i = 0; i < count; i++)
            {
                long symbol = dynsym.Offset + i * 24;
                bool undefined = U16(bytes, symbol + 6) == 0;
                int index = U16(bytes, versym.Offset + i * 2) & 0x7fff;
                if (!undefined || index < 2) continue;
                if (!result.TryGetValue(index, out var names))
                {
                    names = new List<string>();
                    result[index] = names;
                }
                names.Add(CString(bytes, strings.Offset + U32(bytes, symbol)));
            }
            return result;
        }

        static List<Section> ReadSections(byte[] bytes, string path)
        {
            if (bytes.Length < 64 || bytes[0] != 0x7f || bytes[4] != 2 || bytes[5] != 1)
            {
                throw new InvalidDataException($"{path} is not a 64-bit little-endian ELF file.");
            }

            long tableOffset = (long)U64(bytes, 0x28);
            int entrySize = U16(bytes, 0x3A);
            int count = U16(bytes, 0x3C);
            var sections = new List<Section>(count);
            for (int i = 0; i < count; i++)
            {
                long header = tableOffset + (long)i * entrySize;
                sections.Add(new Section
                {
                    Type = U32(bytes, header + 4),
                    Offset = (long)U64(bytes, header + 24),
                    Size = (long)U64(bytes, header + 32),
                    Link = (int)U32(bytes, header + 40),
                });
            }
            return sections;
        }

        static ushort U16(byte[] b, long at) => (ushort)(b[at] | b[at + 1] << 8);

        static uint U32(byte[] b, long at) => (uint)(U16(b, at) | U16(b, at + 2) << 16);

        static ulong U64(byte[] b, long at) => U32(b, at) | (ulong)U32(b, at + 4) << 32;

        static string CString(byte[] b, long at)
        {
            long end = at;
            while (b[end] != 0) end++;
            return Encoding.ASCII.GetString(b, (int)at, (int)(end - at));
        }
    }

#if !METAHARMONY_TESTS
    /// <summary>
    /// MSBuild task: marks weak the libstdc++ version requirements of the native libraries in a
    /// folder that this machine's libstdc++ lacks, when only harmless symbols are bound to them.
    /// </summary>
    public sealed class WeakenMissingLibstdcxxVersions : Microsoft.Build.Utilities.Task
    {
        /// <summary>Folder whose *.so files (recursively) are checked.</summary>
        [Microsoft.Build.Framework.Required]
        public string Directory { get; set; } = "";

        /// <summary>File name patterns to check, separated by semicolons.</summary>
        public string Patterns { get; set; } = "libLibTorchSharp.so";

        /// <summary>Symbols that may lose their version binding, separated by semicolons.</summary>
        public string HarmlessSymbols { get; set; } = "_ZSt21ios_base_library_initv";

        /// <summary>Folders searched for the system's libstdc++.so.6, ';'-separated.</summary>
        public string LibrarySearchPath { get; set; } =
            "/usr/lib/x86_64-linux-gnu;/lib/x86_64-linux-gnu;/usr/lib/aarch64-linux-gnu;"
            + "/lib/aarch64-linux-gnu;/usr/lib64;/lib64;/usr/lib;/lib";

        /// <inheritdoc />
        public override bool Execute()
        {
            bool linux = System.Runtime.InteropServices.RuntimeInformation.IsOSPlatform(
                System.Runtime.InteropServices.OSPlatform.Linux);
            if (!linux || !System.IO.Directory.Exists(Directory)) return true;

            string? libstdcxx = LibrarySearchPath
                .Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries)
                .Select(d => Path.Combine(d, "libstdc++.so.6"))
                .FirstOrDefault(System.IO.File.Exists);
            if (libstdcxx is null)
            {
                Log.LogWarning("MetaHarmony: no libstdc++.so.6 found in {0}; native libraries "
                    + "were not checked for GLIBCXX versions.", LibrarySearchPath);
                return true;
            }

            var available = ElfVersions.ReadDefinitions(libstdcxx);
            var harmless = new HashSet<string>(
                HarmlessSymbols.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries));
            var patterns = Patterns.Split(new[] { ';' }, StringSplitOptions.RemoveEmptyEntries);
            foreach (string pattern in patterns)
            {
                foreach (string file in System.IO.Directory.EnumerateFiles(
                    Directory, pattern, SearchOption.AllDirectories))
                {
                    if (!ElfVersions.IsElf64(file)) continue;
                    var (weaken, unsatisfiable) = ElfVersions.PlanLibstdcxx(
                        ElfVersions.ReadNeeds(file), available, harmless);
                    foreach (var need in unsatisfiable)
                    {
                        Log.LogError("MetaHarmony: {0} needs {1} for {2}, which {3} does not "
                            + "provide. Install a newer libstdc++ (GCC 13 or later).", file,
                            need.Version, string.Join(", ", need.Symbols.Take(5)), libstdcxx);
                    }
                    if (weaken.Count == 0) continue;
                    ElfVersions.MarkWeak(file, weaken);
                    foreach (var need in weaken)
                    {
                        Log.LogMessage(Microsoft.Build.Framework.MessageImportance.High,
                            "MetaHarmony: marked {0} weak in {1}: {2} lacks it, and only {3} "
                            + "is bound to it.", need.Version, file, libstdcxx,
                            need.Symbols.Count == 0
                                ? "no symbol" : string.Join(", ", need.Symbols));
                    }
                }
            }
            return !Log.HasLoggedErrors;
        }
    }
#endif
}
