using System;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// Pool sizes of one memory region (netmap_mem2.c): if pool, ring pool, buffer pool packed from offset 0 in that
/// order, and the capacity of the kernel-side tables in its state file.
/// </summary>
internal readonly record struct RegionLayout(
    uint IfObjSize, uint IfNum, uint RingObjSize, uint RingNum, uint BufSize, uint BufNum,
    uint MaxPorts, uint MaxKrings, uint MaxBindings)
{
    /// <summary>The ring size above which the global region's ring objects (36864 B) cannot hold a ring.</summary>
    public const uint GlobalMaxSlots = (36864 - 256) / 16;

    /// <summary>Buffer size of every region.</summary>
    public const uint DefaultBufSize = 2048;

    /// <summary>Pipes one private region is sized for, like netmap's default pipes per VALE port.</summary>
    public const uint PipesPerPrivateRegion = 4;

    /// <summary>Handles (netmap_ifs) one private region is sized for.</summary>
    public const uint IfsPerPrivateRegion = 64;

    public ulong IfOffset => 0;

    public ulong RingOffset => (ulong)IfObjSize * IfNum;

    public ulong BufOffset => RingOffset + ((ulong)RingObjSize * RingNum);

    public ulong MemSize => BufOffset + ((ulong)BufSize * BufNum);

    /// <summary>The global region (id 1) with the kernel's x86_64 defaults: 343019520 bytes, sparse on disk.</summary>
    public static RegionLayout Global => new(1024, 100, 36864, 200, DefaultBufSize, 163840, 256, 2048, 256);

    /// <summary>
    /// The private region of a pipe parent that is not an interface (netmap gives it a VALE port of its own), sized
    /// like netmap_mem_private_new for the first pipe's ring and slot counts and extra buffers.
    /// </summary>
    public static RegionLayout ForPipes(uint txRings, uint rxRings, uint txSlots, uint rxSlots, uint extraBufs)
    {
        uint rings = txRings + rxRings;
        uint ifSize = RoundUp64(56 + (8 * (rings + 2)));
        uint ringSize = RoundUp64(256 + (16 * Math.Max(txSlots, rxSlots)));
        uint ringNum = 2 * rings * PipesPerPrivateRegion;
        ulong bufs = 2 + ((ulong)PipesPerPrivateRegion * ((txRings * txSlots) + (rxRings * rxSlots))) + extraBufs;
        uint ports = 4 * PipesPerPrivateRegion;
        return new(ifSize, IfsPerPrivateRegion, ringSize, ringNum, DefaultBufSize, (uint)Math.Min(bufs, 1u << 24), ports, ringNum, IfsPerPrivateRegion);
    }

    public static uint RoundUp64(uint v) => (v + 63) & ~63u;

    // State file: header, ports, krings, bindings, then one byte per pool object (0 free, 1 used).
    public static unsafe ulong PortsOffset => 256;

    public unsafe ulong KringsOffset => PortsOffset + ((ulong)MaxPorts * (ulong)sizeof(PortState));

    public unsafe ulong BindingsOffset => KringsOffset + ((ulong)MaxKrings * (ulong)sizeof(KRingState));

    public unsafe ulong IfMapOffset => BindingsOffset + ((ulong)MaxBindings * (ulong)sizeof(BindingState));

    public ulong RingMapOffset => IfMapOffset + IfNum;

    public ulong BufMapOffset => RingMapOffset + RingNum;

    public ulong StateSize => (BufMapOffset + BufNum + 4095) & ~4095UL;
}
