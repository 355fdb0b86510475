using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>
/// The start of a region's state file: where the pools lie and how big the tables after it are. It is the
/// "kernel memory" of the user-space netmap, kept apart from the mapped region so no application can corrupt it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegionHeaderState
{
    /// <summary>"SUM2". Regions of builds from before <see cref="Layout"/> existed say "SUMN".</summary>
    public const uint MagicValue = 0x324d5553;

    /// <summary>"SUMN": the magic of builds from before <see cref="Layout"/> existed.</summary>
    public const uint LegacyMagicValue = 0x4e4d5553;

    /// <summary>Bumped when a state struct changes in a way its size does not show (fields reordered, retyped).</summary>
    public const ulong FormatVersion = 2;

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

    /// <summary>
    /// <see cref="CurrentLayout"/> of the build that made the region. Processes of different builds (test projects
    /// built at different times, files left in the directory by an older build) share one rendezvous directory;
    /// one that read another's tables with its own struct sizes would find bindings made of pool bitmap bytes.
    /// </summary>
    public ulong Layout;

    /// <summary>This build's state layout: the format version and the sizes of the tables' entries.</summary>
    public static ulong CurrentLayout =>
        (FormatVersion << 48) | ((ulong)(uint)sizeof(PortState) << 32) | ((ulong)(uint)sizeof(KRingState) << 16) | (uint)sizeof(BindingState);
}
