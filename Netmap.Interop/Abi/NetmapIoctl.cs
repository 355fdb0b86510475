namespace Netmap.Interop;

/// <summary>ioctl request numbers of <c>/dev/netmap</c> (x86_64 Linux encoding).</summary>
public static class NetmapIoctl
{
    /// <summary><c>NIOCCTRL</c>: every control request (REGISTER, PORT_INFO_GET, …) carrying an <see cref="NmReqHeader"/>.</summary>
    [NativeName("NIOCCTRL")] public const uint NIOCCTRL = 0xc0586997;

    /// <summary><c>NIOCTXSYNC</c>: txsync every bound TX ring of the handle. No argument.</summary>
    [NativeName("NIOCTXSYNC")] public const uint NIOCTXSYNC = 0x6994;

    /// <summary><c>NIOCRXSYNC</c>: rxsync every bound RX ring of the handle. No argument.</summary>
    [NativeName("NIOCRXSYNC")] public const uint NIOCRXSYNC = 0x6995;

    /// <summary><c>NIOCREGIF</c>: legacy registration with the 60-byte <c>struct nmreq</c>; use <see cref="NIOCCTRL"/>.</summary>
    [NativeName("NIOCREGIF")] public const uint NIOCREGIF = 0xc03c6992;

    /// <summary><c>NIOCGINFO</c>: legacy port information with the 60-byte <c>struct nmreq</c>; use <see cref="NIOCCTRL"/>.</summary>
    [NativeName("NIOCGINFO")] public const uint NIOCGINFO = 0xc03c6991;
}
