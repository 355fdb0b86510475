using System;
using System.Runtime.InteropServices;
using Netmap.Interop.Native;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// The pollable descriptor of each handle: a unix datagram socket bound at <c>w/PID.SEQ</c> in the rendezvous
/// directory. A sync that publishes or releases slots sends one byte to every handle of the other pipe end, in
/// any process, which makes that socket readable; a waiting poll() sleeps in the kernel until then.
/// </summary>
internal static unsafe class Waker
{
    private const int SockaddrSize = 110;

    public static int Create(byte[] wakeDirectory, long seq, out int fd)
    {
        fd = Libc.Socket(Libc.AF_UNIX, Libc.SOCK_DGRAM | Libc.SOCK_NONBLOCK | Libc.SOCK_CLOEXEC, 0);
        if (fd < 0)
        {
            return Marshal.GetLastPInvokeError();
        }

        byte* addr = stackalloc byte[SockaddrSize];
        uint len = Address(addr, wakeDirectory, Environment.ProcessId, seq);
        if (Libc.Bind(fd, addr, len) != 0)
        {
            int error = Marshal.GetLastPInvokeError();
            Libc.Close(fd);
            fd = -1;
            return error;
        }

        return 0;
    }

    public static string PathOf(string wakeDirectory, int pid, long seq) => System.IO.Path.Combine(wakeDirectory, $"{pid}.{seq}");

    /// <summary>Wakes every handle bound to <paramref name="port"/>; sends that find nobody are ignored.</summary>
    public static void NotifyPort(Region r, int port, int fromFd, byte[] wakeDirectory)
    {
        byte* addr = stackalloc byte[SockaddrSize];
        byte one = 1;
        int max = (int)r.Header.MaxBindings;
        for (int i = 0; i < max; i++)
        {
            ref BindingState b = ref r.Binding(i);
            if (b.InUse != 0 && b.Port == port)
            {
                uint len = Address(addr, wakeDirectory, b.Pid, b.Seq);
                Libc.SendTo(fromFd, &one, 1, Libc.MSG_DONTWAIT, addr, len);
            }
        }
    }

    /// <summary>Empties the socket so the next wait sleeps until a new wake-up.</summary>
    public static void Drain(int fd)
    {
        byte* buffer = stackalloc byte[64];
        while (Libc.Recv(fd, buffer, 64, Libc.MSG_DONTWAIT) > 0)
        {
        }
    }

    // sockaddr_un written digit by digit so that waking a peer allocates nothing.
    private static uint Address(byte* addr, byte[] dir, int pid, long seq)
    {
        new Span<byte>(addr, SockaddrSize).Clear();
        *(ushort*)addr = Libc.AF_UNIX;
        int pos = 2;
        for (int i = 0; i < dir.Length && pos < SockaddrSize - 1; i++)
        {
            addr[pos++] = dir[i];
        }

        pos = WriteNumber(addr, pos, pid);
        addr[pos++] = (byte)'.';
        pos = WriteNumber(addr, pos, seq);
        return (uint)pos + 1;
    }

    private static int WriteNumber(byte* addr, int pos, long value)
    {
        byte* digits = stackalloc byte[20];
        int count = 0;
        do
        {
            digits[count++] = (byte)('0' + (value % 10));
            value /= 10;
        }
        while (value > 0 && count < 20);

        while (count > 0 && pos < SockaddrSize - 1)
        {
            addr[pos++] = digits[--count];
        }

        return pos;
    }
}
