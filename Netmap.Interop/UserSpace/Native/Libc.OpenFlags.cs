namespace Netmap.Interop.Native;

internal static partial class Libc
{
    internal const int O_CREAT = 0x40;
    internal const int O_EXCL = 0x80;
    internal const int O_NOFOLLOW = 0x20000;
}
