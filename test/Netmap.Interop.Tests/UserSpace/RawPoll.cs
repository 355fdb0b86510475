using System.Runtime.InteropServices;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>poll(2) on a bare descriptor, to show a handle's FileDescriptor works outside the seam (epoll, async).</summary>
internal static partial class RawPoll
{
    public static unsafe bool Readable(int fd, int timeoutMilliseconds)
    {
        long pfd = (uint)fd | (1L << 32);
        int n = Poll(&pfd, 1, timeoutMilliseconds);
        return n == 1 && ((pfd >> 48) & 1) != 0;
    }

    [LibraryImport("libc", EntryPoint = "poll")]
    private static unsafe partial int Poll(long* fds, nuint count, int timeout);
}
