using System.Runtime.InteropServices;

namespace MetaHarmony.Runtime;

/// <summary>
/// Reads and writes the native process environment.
/// <see cref="Environment.SetEnvironmentVariable(string, string)"/>
/// changes only .NET's copy on Unix, which native libraries such as libgomp never see.
/// </summary>
internal static partial class NativeEnvironment
{
    public static void Set(string name, string value)
    {
        Environment.SetEnvironmentVariable(name, value);
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        if (setenv(name, value, 1) != 0)
        {
            throw new InvalidOperationException(
                $"setenv({name}) failed with errno {Marshal.GetLastPInvokeError()}.");
        }
    }

    public static string? Get(string name)
    {
        if (OperatingSystem.IsWindows())
        {
            return Environment.GetEnvironmentVariable(name);
        }

        nint value = getenv(name);
        return value == 0 ? null : Marshal.PtrToStringUTF8(value);
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8, SetLastError = true)]
    private static partial int setenv(string name, string value, int overwrite);

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial nint getenv(string name);
}
