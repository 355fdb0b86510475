using System.Runtime.InteropServices;

namespace Netmap.Interop.Native;

internal static partial class Libc
{
    [LibraryImport(Library, EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    internal static partial int Open(string path, int flags, int mode);
}
