namespace Netmap.Interop;

/// <summary>The step of using a netmap port that failed.</summary>
public enum NetmapStep
{
    /// <summary>Parsing a port name (libnetmap's <c>nmport_prepare</c>).</summary>
    ParseName,
    /// <summary>Choosing or opening the netmap device (<c>open("/dev/netmap")</c>).</summary>
    Open,
    /// <summary>NIOCCTRL with NETMAP_REQ_REGISTER.</summary>
    Register,
    /// <summary>NIOCCTRL with NETMAP_REQ_PORT_INFO_GET.</summary>
    PortInfo,
    /// <summary>Mapping the memory region.</summary>
    Mmap,
    /// <summary>NIOCTXSYNC or NIOCRXSYNC.</summary>
    Sync,
    /// <summary>poll() on netmap handles.</summary>
    Poll,
}
