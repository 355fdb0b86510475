using System;
using System.Threading;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The host side of an interface port, non-persistent TAPs with the interface's MAC and MTU that disappear with
/// their descriptors, also when the process dies: the injection TAP <c>nmus-IFINDEX</c> (multi-queue, one queue per
/// process; writing it hands a frame to the stack as if it had arrived on the interface: host TX and transparent
/// NIC → host) and one capture TAP <c>nmus-IFINDEX.H</c> per bound host RX ring H (reading it yields what the stack
/// sent through the queues steered to that ring).
/// </summary>
internal sealed unsafe class TapDevice : IDisposable
{
    private const nuint TUNSETIFF = 0x400454ca;
    private const short IFF_TAP = 0x0002;
    private const short IFF_NO_PI = 0x1000;
    private const short IFF_MULTI_QUEUE = 0x0100;

    private readonly byte[] _statsName;
    private readonly byte[] _statsBuffer = new byte[16384];

    // Where the part of a frame beyond the netmap buffer lands, so a frame that does not fit is seen and dropped
    // instead of arriving silently truncated (a GSO frame can reach 64 KiB).
    private readonly byte[] _overflow = GC.AllocateUninitializedArray<byte>(65536, pinned: true);
    private long _oversized;
    private int _statsFd;

    private TapDevice(int fd, string name, int statsFd)
    {
        Fd = fd;
        Name = name;
        _statsFd = statsFd;
        _statsName = System.Text.Encoding.ASCII.GetBytes(name + ":");
    }

    public int Fd { get; private set; }

    public string Name { get; }

    /// <summary>The injection TAP's name.</summary>
    public static string NameFor(uint ifindex) => ArtifactNames.Prefix + ifindex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>The capture TAP of host ring <paramref name="hostRing"/> (at most 15 characters for ifindex below 10^7).</summary>
    public static string CaptureNameFor(uint ifindex, uint hostRing) =>
        NameFor(ifindex) + "." + hostRing.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>Creates the TAP, or with <paramref name="multiQueue"/> attaches a new queue to it when it exists.</summary>
    public static int Create(string name, out TapDevice? tap, out string? why, bool multiQueue = false)
    {
        tap = null;
        why = null;
        int fd = LinuxSys.Open("/dev/net/tun", LinuxSys.O_RDWR | LinuxSys.O_NONBLOCK | LinuxSys.O_CLOEXEC);
        if (fd < 0)
        {
            int e = LinuxSys.LastError;
            why = $"open(/dev/net/tun): {Errno.Name(e)}";
            return e;
        }

        byte* ifr = stackalloc byte[40];
        new Span<byte>(ifr, 40).Clear();
        InterfaceInfo.WriteName(ifr, name);
        *(short*)(ifr + 16) = (short)(IFF_TAP | IFF_NO_PI | (multiQueue ? IFF_MULTI_QUEUE : 0));
        if (LinuxSys.Ioctl(fd, TUNSETIFF, ifr) != 0)
        {
            int e = LinuxSys.LastError;
            why = $"ioctl(TUNSETIFF, {name}): {Errno.Name(e)}";
            LinuxSys.Close(fd);
            return e;
        }

        // The TAP's counters are in /proc/net/dev of the namespace it lives in; the file opened now keeps that
        // namespace, so a worker thread in any namespace can read it later. Without it the counters are unknown.
        int statsFd = LinuxSys.Open("/proc/thread-self/net/dev", LinuxSys.O_CLOEXEC);
        tap = new TapDevice(fd, name, statsFd);
        return 0;
    }

    /// <summary>
    /// One frame the stack sent, into <paramref name="buffer"/>; 0 when none waits, -1 when the frame was larger than
    /// <paramref name="capacity"/> and was dropped (netmap drops host RX frames larger than a buffer; counted).
    /// </summary>
    public int Read(byte* buffer, uint capacity)
    {
        LinuxSys.IoVec* iov = stackalloc LinuxSys.IoVec[2];
        iov[0] = new LinuxSys.IoVec { Base = buffer, Length = capacity };
        fixed (byte* overflow = _overflow)
        {
            iov[1] = new LinuxSys.IoVec { Base = overflow, Length = (nuint)_overflow.Length };
            nint n = LinuxSys.ReadV(Fd, iov, 2);
            if (n > capacity)
            {
                _oversized++;
                return -1;
            }

            return n > 0 ? (int)n : 0;
        }
    }

    /// <summary>Hands one frame to the stack; a full queue drops it, as the kernel drops what it cannot queue.</summary>
    public void Write(byte* frame, uint len) => LinuxSys.Write(Fd, frame, len);

    /// <summary>
    /// Adds the TAP's <c>tx_dropped</c> to <see cref="NetmapLosses.HostRxDropped"/>: stack output redirected to the
    /// TAP that its queue had no room for because the host RX ring was not synced. Allocation-free.
    /// </summary>
    public bool AddStatistics(ref NetmapLosses losses)
    {
        lock (_statsBuffer)
        {
            if (_statsFd < 0)
            {
                return false;
            }

            int length = 0;
            nint n;
            fixed (byte* buffer = _statsBuffer)
            {
                while (length < _statsBuffer.Length && (n = LinuxSys.PRead(_statsFd, buffer + length, (nuint)(_statsBuffer.Length - length), length)) > 0)
                {
                    length += (int)n;
                }
            }

            if (!TryParseTxDropped(_statsBuffer.AsSpan(0, length), _statsName, out long dropped))
            {
                return false;
            }

            losses.HostRxDropped += dropped + Volatile.Read(ref _oversized);
            return true;
        }
    }

    /// <summary>Finds "NAME: 8 receive columns, then tx bytes packets errs drop ..." and returns the 12th number.</summary>
    internal static bool TryParseTxDropped(ReadOnlySpan<byte> text, ReadOnlySpan<byte> nameColon, out long dropped)
    {
        dropped = 0;
        while (!text.IsEmpty)
        {
            int end = text.IndexOf((byte)'\n');
            ReadOnlySpan<byte> line = end < 0 ? text : text[..end];
            text = end < 0 ? default : text[(end + 1)..];
            line = line.TrimStart((byte)' ');
            if (!line.StartsWith(nameColon))
            {
                continue;
            }

            line = line[nameColon.Length..];
            for (int column = 0; column <= 11; column++)
            {
                line = line.TrimStart((byte)' ');
                int space = line.IndexOf((byte)' ');
                ReadOnlySpan<byte> number = space < 0 ? line : line[..space];
                if (!System.Buffers.Text.Utf8Parser.TryParse(number, out long value, out int used) || used != number.Length)
                {
                    return false;
                }

                dropped = value;
                line = space < 0 ? default : line[space..];
            }

            return true;
        }

        return false;
    }

    public void Dispose()
    {
        lock (_statsBuffer)
        {
            if (_statsFd >= 0)
            {
                LinuxSys.Close(_statsFd);
                _statsFd = -1;
            }
        }

        if (Fd >= 0)
        {
            LinuxSys.Close(Fd);
            Fd = -1;
        }
    }
}
