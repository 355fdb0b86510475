using System;
using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The pollable descriptor of an interface handle: an epoll set of its wake-up socket, the AF_XDP sockets of its
/// RX queues and the TAP, so that waiting on <c>FileDescriptor</c> alone (epoll, async waits) also wakes for frames
/// from the wire and the stack, as the kernel's netmap fd does.
/// </summary>
internal static unsafe partial class ReadinessSet
{
    private const int EPOLL_CLOEXEC = 0x80000;
    private const int EPOLL_CTL_ADD = 1;
    private const uint EPOLLIN = 0x1;

    /// <summary>A new epoll descriptor holding <paramref name="wakeFd"/> and <paramref name="fds"/>, or -1.</summary>
    public static int Create(int wakeFd, int[] fds)
    {
        int ep = EpollCreate1(EPOLL_CLOEXEC);
        if (ep < 0)
        {
            return -1;
        }

        if (Add(ep, wakeFd) != 0)
        {
            LinuxSys.Close(ep);
            return -1;
        }

        foreach (int fd in fds)
        {
            if (Add(ep, fd) != 0)
            {
                LinuxSys.Close(ep);
                return -1;
            }
        }

        return ep;
    }

    private static int Add(int ep, int fd)
    {
        // struct epoll_event is packed on x86-64: 4 bytes of events, 8 of data.
        byte* ev = stackalloc byte[12];
        new Span<byte>(ev, 12).Clear();
        *(uint*)ev = EPOLLIN;
        *(int*)(ev + 4) = fd;
        return EpollCtl(ep, EPOLL_CTL_ADD, fd, ev);
    }

    [LibraryImport("libc", EntryPoint = "epoll_create1", SetLastError = true)]
    private static partial int EpollCreate1(int flags);

    [LibraryImport("libc", EntryPoint = "epoll_ctl", SetLastError = true)]
    private static partial int EpollCtl(int ep, int op, int fd, byte* ev);
}
