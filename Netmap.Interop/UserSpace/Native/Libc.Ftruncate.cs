using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    [LibraryImport(Library, EntryPoint = "ftruncate", SetLastError = true)]
    internal static partial int Ftruncate(int fd, long length);
}
