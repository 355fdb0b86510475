using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct nmreq_register</c>: the body of NETMAP_REQ_REGISTER (56 bytes).</summary>
[NativeName("nmreq_register")]
[StructLayout(LayoutKind.Explicit, Size = 56)]
public struct NmReqRegister
{
    /// <summary><c>nr_offset</c>: out; offset of this handle's netmap_if in the region.</summary>
    [NativeName("nr_offset")] [FieldOffset(0)] public ulong Offset;

    /// <summary><c>nr_memsize</c>: out; size of the region to mmap.</summary>
    [NativeName("nr_memsize")] [FieldOffset(8)] public ulong MemSize;

    /// <summary><c>nr_tx_slots</c>: in for ports this call creates (0 = default); out: slots per TX ring.</summary>
    [NativeName("nr_tx_slots")] [FieldOffset(16)] public uint TxSlots;

    /// <summary><c>nr_rx_slots</c>: in for ports this call creates (0 = default); out: slots per RX ring.</summary>
    [NativeName("nr_rx_slots")] [FieldOffset(20)] public uint RxSlots;

    /// <summary><c>nr_tx_rings</c>: in for ports this call creates; out: the port's NIC TX ring count.</summary>
    [NativeName("nr_tx_rings")] [FieldOffset(24)] public ushort TxRings;

    /// <summary><c>nr_rx_rings</c>: in for ports this call creates; out: the port's NIC RX ring count.</summary>
    [NativeName("nr_rx_rings")] [FieldOffset(26)] public ushort RxRings;

    /// <summary><c>nr_host_tx_rings</c>: in (interfaces not yet open); out: host TX rings (0 if none).</summary>
    [NativeName("nr_host_tx_rings")] [FieldOffset(28)] public ushort HostTxRings;

    /// <summary><c>nr_host_rx_rings</c>: in (interfaces not yet open); out: host RX rings (0 if none).</summary>
    [NativeName("nr_host_rx_rings")] [FieldOffset(30)] public ushort HostRxRings;

    /// <summary><c>nr_mem_id</c>: in (0 = default, else must exist); out: the region id.</summary>
    [NativeName("nr_mem_id")] [FieldOffset(32)] public ushort MemId;

    /// <summary><c>nr_ringid</c>: the ring pair for ONE_NIC / ONE_SW.</summary>
    [NativeName("nr_ringid")] [FieldOffset(34)] public ushort RingId;

    /// <summary><c>nr_mode</c>: <see cref="NetmapRegMode"/>.</summary>
    [NativeName("nr_mode")] [FieldOffset(36)] public uint Mode;

    /// <summary><c>nr_extra_bufs</c>: in: wanted; out: obtained.</summary>
    [NativeName("nr_extra_bufs")] [FieldOffset(40)] public uint ExtraBufs;

    /// <summary><c>nr_flags</c>: <see cref="NetmapRegFlags"/> (64-bit at offset 48, after 4 pad bytes).</summary>
    [NativeName("nr_flags")] [FieldOffset(48)] public ulong Flags;
}
