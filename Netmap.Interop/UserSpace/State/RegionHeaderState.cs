using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>
/// The start of a region's state file: where the pools lie and how big the tables after it are. It is the
/// "kernel memory" of the user-space netmap, kept apart from the mapped region so no application can corrupt it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegionHeaderState
{
    public const uint MagicValue = 0x4e4d5553; // "SUMN"

    public uint Magic;
    public uint MemId;
    public ulong MemSize;
    public ulong IfOffset;
    public uint IfObjSize;
    public uint IfNum;
    public ulong RingOffset;
    public uint RingObjSize;
    public uint RingNum;
    public ulong BufOffset;
    public uint BufSize;
    public uint BufNum;
    public uint Private;
    public uint MaxPorts;
    public uint MaxKrings;
    public uint MaxBindings;
}
