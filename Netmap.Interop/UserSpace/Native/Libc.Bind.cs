using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    [LibraryImport(Library, EntryPoint = "bind", SetLastError = true)]
    internal static unsafe partial int Bind(int fd, byte* address, uint addressLength);
}
