using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    internal const int MSG_DONTWAIT = 0x40;

    [LibraryImport(Library, EntryPoint = "sendto", SetLastError = true)]
    internal static unsafe partial nint SendTo(int fd, byte* buffer, nuint length, int flags, byte* address, uint addressLength);
}
