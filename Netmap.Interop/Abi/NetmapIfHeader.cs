using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>
/// Mirrors the fixed part of <c>struct netmap_if</c> (56 bytes); the signed 64-bit <c>ring_ofs[]</c> array follows.
/// Use <see cref="NetmapIf"/> to reach the rings.
/// </summary>
[NativeName("netmap_if")]
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct NetmapIfHeader
{
    /// <summary><c>ni_name</c>: the kernel port name, NUL-terminated (IFNAMSIZ bytes).</summary>
    [NativeName("ni_name")] [FieldOffset(0)] public NetmapIfName Name;

    /// <summary><c>ni_version</c>: left unset by the kernel.</summary>
    [NativeName("ni_version")] [FieldOffset(16)] public uint Version;

    /// <summary><c>ni_flags</c>: <see cref="NetmapIfFlags"/>.</summary>
    [NativeName("ni_flags")] [FieldOffset(20)] public uint Flags;

    /// <summary><c>ni_tx_rings</c>: NIC TX ring count.</summary>
    [NativeName("ni_tx_rings")] [FieldOffset(24)] public uint TxRings;

    /// <summary><c>ni_rx_rings</c>: NIC RX ring count.</summary>
    [NativeName("ni_rx_rings")] [FieldOffset(28)] public uint RxRings;

    /// <summary><c>ni_bufs_head</c>: first extra buffer; each holds the next index in its first 4 bytes, 0 ends.</summary>
    [NativeName("ni_bufs_head")] [FieldOffset(32)] public uint BufsHead;

    /// <summary><c>ni_host_tx_rings</c>: host TX ring count, always at least 1 (a placeholder on ports without host rings).</summary>
    [NativeName("ni_host_tx_rings")] [FieldOffset(36)] public uint HostTxRings;

    /// <summary><c>ni_host_rx_rings</c>: host RX ring count, always at least 1 (a placeholder on ports without host rings).</summary>
    [NativeName("ni_host_rx_rings")] [FieldOffset(40)] public uint HostRxRings;

    /// <summary><c>ni_spare1</c>: reserved.</summary>
    [NativeName("ni_spare1")] [FieldOffset(44)] public NetmapIfSpare Spare1;
}

/// <summary>The IFNAMSIZ (16) bytes of <c>netmap_if.ni_name</c>.</summary>
[System.Runtime.CompilerServices.InlineArray(16)]
public struct NetmapIfName
{
    private byte _element0;
}

/// <summary>The 12 reserved bytes of <c>netmap_if.ni_spare1</c>.</summary>
[System.Runtime.CompilerServices.InlineArray(12)]
public struct NetmapIfSpare
{
    private byte _element0;
}
