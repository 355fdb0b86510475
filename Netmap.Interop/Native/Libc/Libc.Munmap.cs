using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    [LibraryImport(Library, EntryPoint = "munmap", SetLastError = true)]
    internal static unsafe partial int Munmap(void* address, nuint length);
}
