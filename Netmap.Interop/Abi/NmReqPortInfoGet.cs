using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct nmreq_port_info_get</c>: the body of NETMAP_REQ_PORT_INFO_GET (32 bytes).</summary>
[NativeName("nmreq_port_info_get")]
[StructLayout(LayoutKind.Explicit, Size = 32)]
public struct NmReqPortInfoGet
{
    /// <summary><c>nr_memsize</c>: out; size of the port's region.</summary>
    [NativeName("nr_memsize")] [FieldOffset(0)] public ulong MemSize;

    /// <summary><c>nr_tx_slots</c>: out; slots per TX ring.</summary>
    [NativeName("nr_tx_slots")] [FieldOffset(8)] public uint TxSlots;

    /// <summary><c>nr_rx_slots</c>: out; slots per RX ring.</summary>
    [NativeName("nr_rx_slots")] [FieldOffset(12)] public uint RxSlots;

    /// <summary><c>nr_tx_rings</c>: out; NIC TX rings.</summary>
    [NativeName("nr_tx_rings")] [FieldOffset(16)] public ushort TxRings;

    /// <summary><c>nr_rx_rings</c>: out; NIC RX rings.</summary>
    [NativeName("nr_rx_rings")] [FieldOffset(18)] public ushort RxRings;

    /// <summary><c>nr_host_tx_rings</c>: out; host TX rings.</summary>
    [NativeName("nr_host_tx_rings")] [FieldOffset(20)] public ushort HostTxRings;

    /// <summary><c>nr_host_rx_rings</c>: out; host RX rings.</summary>
    [NativeName("nr_host_rx_rings")] [FieldOffset(22)] public ushort HostRxRings;

    /// <summary><c>nr_mem_id</c>: in (0 = the port's); out: the region id.</summary>
    [NativeName("nr_mem_id")] [FieldOffset(24)] public ushort MemId;
}
