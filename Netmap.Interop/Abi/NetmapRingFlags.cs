using System;

namespace Netmap.Interop;

/// <summary><c>netmap_ring.flags</c>, written by the application.</summary>
[Flags]
public enum NetmapRingFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>NR_TIMESTAMP</c>: stamp <c>ring.ts</c> on RX sync even when the kernel's no_timestamp is set.</summary>
    [NativeName("NR_TIMESTAMP")] Timestamp = 0x2,
    /// <summary><c>NR_FORWARD</c>: transparent mode; released slots with NS_FORWARD cross NIC ↔ host.</summary>
    [NativeName("NR_FORWARD")] Forward = 0x4,
}

/// <summary><c>netmap_if.ni_flags</c>.</summary>
[Flags]
public enum NetmapIfFlags : uint
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>NI_PRIV_MEM</c>: the port has a private memory region (VALE ports).</summary>
    [NativeName("NI_PRIV_MEM")] PrivateMemory = 0x1,
}
