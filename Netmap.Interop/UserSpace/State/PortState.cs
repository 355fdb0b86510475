using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>What kind of adapter a port entry is.</summary>
internal enum PortKind
{
    Free = 0,
    PipeMaster = 1,
    PipeSlave = 2,
    Null = 3,
    Interface = 4,
}

/// <summary>
/// One netmap adapter of a region (a pipe end, a null port or a Linux interface): its rings and who uses it. An
/// interface's krings run NIC TX, host TX, NIC RX, host RX; the kernel objects every process of the interface shares
/// (the XDP steal and the host-ring TAP map) are found by their ids.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct PortState
{
    public PortKind Kind;
    public int Peer;
    public int Users;
    public int KringBase;
    public uint TxRings;
    public uint RxRings;
    public uint TxSlots;
    public uint RxSlots;
    public fixed byte Name[64];
    public uint HostRings;
    public ulong NetNs;
    public uint XdpLinkId;
    public uint XskMapId;
    public uint TapMapId;
    public uint HostRxRings;
}
