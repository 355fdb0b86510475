using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>
/// The kernel's half of one ring (netmap's <c>struct netmap_kring</c>): the indexes the application never writes,
/// and the pipe link. <see cref="RingOffset"/> is 0 until the ring is created in the region.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal struct KRingState
{
    public int InUse;
    public int Real;
    public int Peer;
    public int Users;
    public int Exclusive;
    public uint IsTx;
    public uint RingId;
    public uint NumSlots;
    public ulong RingOffset;
    public uint HwCur;
    public uint HwTail;
    public uint RHead;
    public uint RCur;
    public uint RTail;
    public uint PipeTail;
}
