using System;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The host side of an interface port: a non-persistent TAP named <c>nmus-IFINDEX</c> with the interface's MAC and
/// MTU. Reading it yields what the stack sent on the interface (host RX); writing it hands a frame to the stack as
/// if it had arrived on the interface (host TX). It disappears with its descriptor, also when the process dies.
/// </summary>
internal sealed unsafe class TapDevice : IDisposable
{
    private const nuint TUNSETIFF = 0x400454ca;
    private const short IFF_TAP = 0x0002;
    private const short IFF_NO_PI = 0x1000;

    private TapDevice(int fd, string name)
    {
        Fd = fd;
        Name = name;
    }

    public int Fd { get; private set; }

    public string Name { get; }

    public static string NameFor(uint ifindex) => ArtifactNames.Prefix + ifindex.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static int Create(string name, out TapDevice? tap, out string? why)
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
        *(short*)(ifr + 16) = IFF_TAP | IFF_NO_PI;
        if (LinuxSys.Ioctl(fd, TUNSETIFF, ifr) != 0)
        {
            int e = LinuxSys.LastError;
            why = $"ioctl(TUNSETIFF, {name}): {Errno.Name(e)}";
            LinuxSys.Close(fd);
            return e;
        }

        tap = new TapDevice(fd, name);
        return 0;
    }

    /// <summary>One frame the stack sent, into <paramref name="buffer"/>; 0 when none waits.</summary>
    public int Read(byte* buffer, uint capacity)
    {
        nint n = LinuxSys.Read(Fd, buffer, capacity);
        return n > 0 ? (int)n : 0;
    }

    /// <summary>Hands one frame to the stack; a full queue drops it, as the kernel drops what it cannot queue.</summary>
    public void Write(byte* frame, uint len) => LinuxSys.Write(Fd, frame, len);

    public void Dispose()
    {
        if (Fd >= 0)
        {
            LinuxSys.Close(Fd);
            Fd = -1;
        }
    }
}
