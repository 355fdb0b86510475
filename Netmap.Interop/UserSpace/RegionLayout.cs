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
    /// <summary>Buffer size of every region.</summary>
    public const uint DefaultBufSize = 2048;

    /// <summary>NM_BDG_MAXRINGS: the most rings a VALE port (and so the self-deleting parent of a pipe) gets.</summary>
    public const uint ValeMaxRings = 16;

    /// <summary>NM_BRIDGE_RINGSIZE and NM_BDG_MAXSLOTS: a VALE port's default and largest ring size.</summary>
    public const uint ValeDefaultSlots = 1024, ValeMaxSlots = 4096;

    /// <summary>The most extra buffers a VALE port sizes its region for (128 x NM_BDG_MAXSLOTS).</summary>
    public const uint ValeMaxExtraBufs = 128 * ValeMaxSlots;

    /// <summary>
    /// Pipes netmap_vale_vp_create passes to netmap_mem_private_new: its local npipes starts at 0 and is bumped
    /// to the default 2, whatever the request says.
    /// </summary>
    public const uint ValePipes = 2;

    /// <summary>
    /// Pipe ends (two per pipe) a private region's state tables hold: NM_MAXPIPES pipes per parent. The ring
    /// pool runs out long before that, so this table never decides an error.
    /// </summary>
    public const uint PrivateMaxPorts = 2 * 64;

    /// <summary>
    /// Kernel-side rings a private region's state tables hold. A pipe end can only bind if its netmap_if (56 B +
    /// 8 per ring, host placeholders included) fits the 1024-byte netmap_if object, so at most 119 rings, and the
    /// ring pool (at most 64 objects, at least 2 per bound pipe) allows at most 32 bound pipes: 32 x 2 x 119
    /// krings, plus 1024 for one 256-ring pipe being created, fit. netmap keeps krings in kernel memory, not in a
    /// pool, so this table must never be what runs out.
    /// </summary>
    public const uint PrivateMaxKrings = 9216;

    private const uint PageSize = 4096;
    private const uint NetmapIfSize = 56, NetmapRingSize = 256, SlotSize = 16;

    public ulong IfOffset => 0;

    public ulong RingOffset => (ulong)IfObjSize * IfNum;

    public ulong BufOffset => RingOffset + ((ulong)RingObjSize * RingNum);

    public ulong MemSize => BufOffset + ((ulong)BufSize * BufNum);

    /// <summary>The global region (id 1) with the kernel's x86_64 defaults: 343019520 bytes, sparse on disk.</summary>
    public static RegionLayout Global => new(1024, 100, 36864, 200, DefaultBufSize, 163840, 256, 2048, 256);

    /// <summary>
    /// The private region of the self-deleting VALE port netmap creates for a pipe parent that is not an
    /// interface: netmap_vi_create runs with the creating REGISTER's body, so the port's rings, slots and extra
    /// buffers are that request's, bounded as netmap_vale_vp_create bounds them, and its allocator comes from
    /// netmap_mem_private_new. Arguments are the raw request fields (0 = default).
    /// </summary>
    public static RegionLayout ForValeParent(uint txRings, uint rxRings, uint txSlots, uint rxSlots, uint extraBufs)
    {
        // netmap_vale_vp_create: nm_bound_var(rings, 1, 1, NM_BDG_MAXRINGS), (slots, 1024, 1, NM_BDG_MAXSLOTS),
        // (extra, 0, 0, 128 x NM_BDG_MAXSLOTS).
        uint txd = Bound(txSlots, ValeDefaultSlots, 1, ValeMaxSlots), rxd = Bound(rxSlots, ValeDefaultSlots, 1, ValeMaxSlots);
        uint extra = Math.Min(extraBufs, ValeMaxExtraBufs);

        // netmap_mem_private_new: one more ring each way for the host placeholder, then each pool at least
        // netmap_min_priv_params (if 2 x 1024 B, ring 4 x 5 pages, buf 4098 x 2048 B).
        uint txr = Bound(txRings, 1, 1, ValeMaxRings) + 1, rxr = Bound(rxRings, 1, 1, ValeMaxRings) + 1;
        uint ifSize = Math.Max(1024, NetmapIfSize + (8 * (txr + rxr)));
        uint ifNum = Math.Max(2, 2 + (4 * ValePipes));
        uint ringSize = Math.Max(5 * PageSize, NetmapRingSize + (SlotSize * Math.Max(txd, rxd)));
        uint ringNum = Math.Max(4, txr + rxr + (8 * ValePipes));
        uint bufNum = Math.Max(4098, ((4 * ValePipes) + rxr) * rxd + (((4 * ValePipes) + txr) * txd) + 2 + extra);

        // netmap_config_obj_allocator: sizes to 64 B, counts up to whole page-multiple clusters.
        (ifSize, ifNum) = Pool(ifSize, ifNum);
        (ringSize, ringNum) = Pool(ringSize, ringNum);
        (uint bufSize, bufNum) = Pool(DefaultBufSize, bufNum);
        return new(ifSize, ifNum, ringSize, ringNum, bufSize, bufNum, PrivateMaxPorts, PrivateMaxKrings, ifNum);
    }

    /// <summary>nm_bound_var: below <paramref name="lo"/> takes the default, above <paramref name="hi"/> is clamped.</summary>
    public static uint Bound(uint v, uint dflt, uint lo, uint hi) => v < lo ? dflt : v > hi ? hi : v;

    /// <summary>
    /// netmap_config_obj_allocator: the object size rounded up to 64 B; objects come in clusters of the fewest
    /// objects that fill whole pages, and the pool holds whole clusters.
    /// </summary>
    private static (uint ObjSize, uint ObjTotal) Pool(uint objSize, uint num)
    {
        objSize = RoundUp64(objSize);
        // Ends by 64 objects (64 x 64 B fill a page); for the largest object here (65792 B) it takes 16, 1 MB,
        // within netmap's 4 MB cluster limit, so the kernel's "no exact solution" EINVAL cannot arise.
        uint perCluster = 1;
        while ((ulong)perCluster * objSize % PageSize != 0)
        {
            perCluster++;
        }

        return (objSize, (num + perCluster - 1) / perCluster * perCluster);
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
