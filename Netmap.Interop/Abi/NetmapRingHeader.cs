using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>
/// Mirrors the fixed part of <c>struct netmap_ring</c> (256 bytes: <c>sem</c> is 128-aligned, so the slot array
/// that follows starts 256 bytes into the ring). Use <see cref="NetmapRing"/> to reach slots and buffers.
/// </summary>
[NativeName("netmap_ring")]
[StructLayout(LayoutKind.Explicit, Size = 256)]
public struct NetmapRingHeader
{
    /// <summary><c>buf_ofs</c>: buffer pool start minus this ring's address.</summary>
    [NativeName("buf_ofs")] [FieldOffset(0)] public long BufOfs;

    /// <summary><c>num_slots</c>: ring size n; need not be a power of two.</summary>
    [NativeName("num_slots")] [FieldOffset(8)] public uint NumSlots;

    /// <summary><c>nr_buf_size</c>: size of every buffer of the region.</summary>
    [NativeName("nr_buf_size")] [FieldOffset(12)] public uint NrBufSize;

    /// <summary><c>ringid</c>: index within its direction; host rings follow the NIC rings.</summary>
    [NativeName("ringid")] [FieldOffset(16)] public ushort RingId;

    /// <summary><c>dir</c>: 1 for TX, 0 for RX (the header's comment says the reverse; the code does this).</summary>
    [NativeName("dir")] [FieldOffset(18)] public ushort Dir;

    /// <summary><c>head</c>: first slot owned by the application; written by the application.</summary>
    [NativeName("head")] [FieldOffset(20)] public uint Head;

    /// <summary><c>cur</c>: wake-up point in [head, tail]; written by the application.</summary>
    [NativeName("cur")] [FieldOffset(24)] public uint Cur;

    /// <summary><c>tail</c>: first slot owned by the kernel; written by the kernel at sync.</summary>
    [NativeName("tail")] [FieldOffset(28)] public uint Tail;

    /// <summary><c>flags</c>: <see cref="NetmapRingFlags"/>; ring memory is reused uncleared, so set it yourself.</summary>
    [NativeName("flags")] [FieldOffset(32)] public uint Flags;

    /// <summary><c>ts.tv_sec</c>: seconds of the last RX sync time stamp.</summary>
    [NativeName("ts.tv_sec")] [FieldOffset(40)] public long TsSec;

    /// <summary><c>ts.tv_usec</c>: microseconds of the last RX sync time stamp.</summary>
    [NativeName("ts.tv_usec")] [FieldOffset(48)] public long TsUsec;

    /// <summary><c>offset_mask</c>: 0 without OPT_OFFSETS.</summary>
    [NativeName("offset_mask")] [FieldOffset(56)] public ulong OffsetMask;

    /// <summary><c>buf_align</c>: 0 without OPT_OFFSETS.</summary>
    [NativeName("buf_align")] [FieldOffset(64)] public ulong BufAlign;

    /// <summary><c>sem</c>: 128 bytes the kernel never touches; the application may keep state here.</summary>
    [NativeName("sem")] [FieldOffset(128)] public NetmapRingSem Sem;
}

/// <summary>The 128 opaque bytes of <c>netmap_ring.sem</c>.</summary>
[System.Runtime.CompilerServices.InlineArray(128)]
public struct NetmapRingSem
{
    private byte _element0;
}
