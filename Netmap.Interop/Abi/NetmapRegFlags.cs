using System;

namespace Netmap.Interop;

/// <summary><c>nmreq_register.nr_flags</c> (64-bit, at offset 48).</summary>
[Flags]
public enum NetmapRegFlags : ulong
{
    /// <summary>No flag.</summary>
    None = 0,
    /// <summary><c>NR_MONITOR_TX</c>: monitor the port's TX rings (<c>/t</c>).</summary>
    [NativeName("NR_MONITOR_TX")] MonitorTx = 0x100,
    /// <summary><c>NR_MONITOR_RX</c>: monitor the port's RX rings (<c>/r</c>).</summary>
    [NativeName("NR_MONITOR_RX")] MonitorRx = 0x200,
    /// <summary><c>NR_ZCOPY_MON</c>: zero-copy monitor (<c>/z</c>).</summary>
    [NativeName("NR_ZCOPY_MON")] ZeroCopyMonitor = 0x400,
    /// <summary><c>NR_EXCLUSIVE</c>: fail with EBUSY if a chosen ring has another user, and keep others off it (<c>/x</c>).</summary>
    [NativeName("NR_EXCLUSIVE")] Exclusive = 0x800,
    /// <summary><c>NR_RX_RINGS_ONLY</c>: bind no TX ring (<c>/R</c>).</summary>
    [NativeName("NR_RX_RINGS_ONLY")] RxRingsOnly = 0x2000,
    /// <summary><c>NR_TX_RINGS_ONLY</c>: bind no RX ring (<c>/T</c>).</summary>
    [NativeName("NR_TX_RINGS_ONLY")] TxRingsOnly = 0x4000,
    /// <summary><c>NR_ACCEPT_VNET_HDR</c>: accept a virtio-net header on ports that have one.</summary>
    [NativeName("NR_ACCEPT_VNET_HDR")] AcceptVnetHeader = 0x8000,
    /// <summary><c>NR_DO_RX_POLL</c>: accepted by the kernel and without effect.</summary>
    [NativeName("NR_DO_RX_POLL")] DoRxPoll = 0x10000,
    /// <summary><c>NR_NO_TX_POLL</c>: poll() syncs TX rings only when POLLOUT is asked.</summary>
    [NativeName("NR_NO_TX_POLL")] NoTxPoll = 0x20000,
}
