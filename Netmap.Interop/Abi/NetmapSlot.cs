using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>Mirrors <c>struct netmap_slot</c>: one descriptor of a ring (16 bytes).</summary>
[NativeName("netmap_slot")]
[StructLayout(LayoutKind.Sequential)]
public struct NetmapSlot
{
    /// <summary><c>buf_idx</c>: index of the buffer in the region's buffer pool.</summary>
    [NativeName("buf_idx")] public uint BufIdx;

    /// <summary><c>len</c>: bytes of packet data in the buffer.</summary>
    [NativeName("len")] public ushort Len;

    /// <summary><c>flags</c>: <see cref="NetmapSlotFlags"/>.</summary>
    [NativeName("flags")] public ushort Flags;

    /// <summary><c>ptr</c>: data address for NS_INDIRECT, or the packed offset with OPT_OFFSETS.</summary>
    [NativeName("ptr")] public ulong Ptr;

    /// <summary>The flags as <see cref="NetmapSlotFlags"/>.</summary>
    public NetmapSlotFlags SlotFlags
    {
        readonly get => (NetmapSlotFlags)Flags;
        set => Flags = (ushort)value;
    }
}
