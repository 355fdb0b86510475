using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    // The request is an unsigned long in glibc's prototype; netmap's numbers have the top bit of 32 set.
    [LibraryImport(Library, EntryPoint = "ioctl", SetLastError = true)]
    internal static unsafe partial int Ioctl(int fd, nuint request, void* argument);
}
