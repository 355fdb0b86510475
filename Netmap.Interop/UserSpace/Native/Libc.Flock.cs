using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    internal const int LOCK_EX = 2;
    internal const int LOCK_UN = 8;

    // flock, not fcntl locks: it belongs to the open file description and the kernel drops it when the holder dies.
    [LibraryImport(Library, EntryPoint = "flock", SetLastError = true)]
    internal static partial int Flock(int fd, int operation);
}
