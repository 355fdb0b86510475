using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    /// <summary>MAP_FAILED.</summary>
    internal static readonly nint MapFailed = -1;

    [LibraryImport(Library, EntryPoint = "mmap", SetLastError = true)]
    internal static unsafe partial void* Mmap(void* address, nuint length, int protection, int flags, int fd, long offset);
}
