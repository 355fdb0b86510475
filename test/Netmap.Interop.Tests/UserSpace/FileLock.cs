using System.Runtime.InteropServices;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>open + flock(LOCK_EX) from a test process, to hold the rendezvous lock the way a crashed owner would.</summary>
internal static partial class FileLock
{
    public static int HoldExclusive(string path)
    {
        int fd = Open(path, 2, 0);
        return fd >= 0 && Flock(fd, 2) == 0 ? fd : -1;
    }

    [LibraryImport("libc", EntryPoint = "open", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags, int mode);

    [LibraryImport("libc", EntryPoint = "flock")]
    private static partial int Flock(int fd, int operation);
}
