using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// Creating and deleting adapters and their rings inside a region (netmap_pipe.c, netmap_null.c,
/// netmap_mem2.c rings_create): a pipe creates both ends at once; rings come into being when first bound and
/// take their buffers first-fit; paired pipe rings share one set of buffers, the peer getting a copy of the slots.
/// Callers hold the rendezvous lock.
/// </summary>
internal static unsafe class Ports
{
    public static int Find(Region r, string kernelName)
    {
        for (int i = 0; i < r.Header.MaxPorts; i++)
        {
            PortState* p = r.PortPtr(i);
            if (p->Kind != PortKind.Free && p->Kind != PortKind.Null && Rendezvous.NameEquals(p->Name, kernelName))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>True when some pipe end of <paramref name="parent"/> still exists in the region.</summary>
    public static bool HasPipesOf(Region r, string parent)
    {
        for (int i = 0; i < r.Header.MaxPorts; i++)
        {
            PortState* p = r.PortPtr(i);
            if (p->Kind is PortKind.PipeMaster or PortKind.PipeSlave)
            {
                string name = Rendezvous.ReadName(p->Name, 64);
                int cut = name.LastIndexOfAny(['{', '}']);
                if (cut > 0 && name[..cut] == parent)
                {
                    return true;
                }
            }
        }

        return false;
    }

    /// <summary>Creates master <c>X{id</c> and slave <c>X}id</c>; the slave's counts are the master's swapped.</summary>
    public static int CreatePipe(Region r, string parent, string id, uint txRings, uint rxRings, uint txSlots, uint rxSlots, out int master)
    {
        master = -1;
        int m = NewPort(r, PortKind.PipeMaster, parent + "{" + id, txRings, rxRings, txSlots, rxSlots);
        if (m < 0)
        {
            return Errno.ENOMEM;
        }

        int s = NewPort(r, PortKind.PipeSlave, parent + "}" + id, rxRings, txRings, rxSlots, txSlots);
        if (s < 0)
        {
            FreePort(r, m);
            return Errno.ENOMEM;
        }

        ref PortState mp = ref r.Port(m);
        ref PortState sp = ref r.Port(s);
        mp.Peer = s;
        sp.Peer = m;
        for (uint i = 0; i < txRings; i++)
        {
            Link(r, TxKring(ref mp, i), RxKring(ref sp, i));
        }

        for (uint i = 0; i < rxRings; i++)
        {
            Link(r, RxKring(ref mp, i), TxKring(ref sp, i));
        }

        master = m;
        return 0;
    }

    /// <summary>A null port: rings and buffers like any port, syncs that move nothing.</summary>
    public static int CreateNull(Region r, string name, uint txRings, uint rxRings, uint txSlots, uint rxSlots, out int port)
    {
        port = NewPort(r, PortKind.Null, "null:" + name, txRings, rxRings, txSlots, rxSlots);
        return port < 0 ? Errno.ENOMEM : 0;
    }

    public static int TxKring(ref PortState p, uint i) => p.KringBase + (int)i;

    public static int RxKring(ref PortState p, uint i) => p.KringBase + (int)p.TxRings + (int)p.HostRings + (int)i;

    /// <summary>Krings of a port: NIC rings plus, for an interface, its host rings in both directions.</summary>
    public static int KringCount(ref PortState p) => (int)(p.TxRings + p.HostRings + p.RxRings + HostRxRings(ref p));

    /// <summary>An interface's host RX rings (netmap's num_host_rx_rings, which need not equal num_host_tx_rings, <see cref="PortState.HostRings"/>).</summary>
    public static uint HostRxRings(ref PortState p) => p.Kind == PortKind.Interface ? p.HostRxRings : 0;

    private static void Link(Region r, int a, int b)
    {
        r.Kring(a).Peer = b;
        r.Kring(b).Peer = a;
    }

    /// <summary>
    /// An interface adapter: <paramref name="txRings"/>/<paramref name="rxRings"/> NIC rings and
    /// <paramref name="hostTxRings"/>/<paramref name="hostRxRings"/> host rings, kring order NIC TX, host TX, NIC RX,
    /// host RX.
    /// </summary>
    public static int CreateInterface(Region r, string name, uint txRings, uint rxRings, uint hostTxRings, uint hostRxRings, uint txSlots, uint rxSlots, out int port)
    {
        port = NewPort(r, PortKind.Interface, name, txRings + hostTxRings, rxRings + hostRxRings, txSlots, rxSlots);
        if (port < 0)
        {
            return Errno.ENOMEM;
        }

        ref PortState p = ref r.Port(port);
        p.TxRings = txRings;
        p.RxRings = rxRings;
        p.HostRings = hostTxRings;
        p.HostRxRings = hostRxRings;
        return 0;
    }

    private static int NewPort(Region r, PortKind kind, string name, uint txRings, uint rxRings, uint txSlots, uint rxSlots)
    {
        int port = -1;
        for (int i = 0; i < r.Header.MaxPorts; i++)
        {
            if (r.Port(i).Kind == PortKind.Free)
            {
                port = i;
                break;
            }
        }

        int count = (int)(txRings + rxRings);
        int baseIndex = FindKringRun(r, count);
        if (port < 0 || baseIndex < 0)
        {
            return -1;
        }

        PortState* p = r.PortPtr(port);
        *p = default;
        p->Kind = kind;
        p->Peer = -1;
        p->KringBase = baseIndex;
        p->TxRings = txRings;
        p->RxRings = rxRings;
        p->TxSlots = txSlots;
        p->RxSlots = rxSlots;
        Rendezvous.WriteName(p->Name, 64, name);
        for (int i = 0; i < count; i++)
        {
            bool tx = i < txRings;
            ref KRingState k = ref r.Kring(baseIndex + i);
            k = default;
            k.InUse = 1;
            k.Peer = -1;
            k.IsTx = tx ? 1u : 0u;
            k.RingId = tx ? (uint)i : (uint)(i - (int)txRings);
            k.NumSlots = tx ? txSlots : rxSlots;
        }

        return port;
    }

    private static int FindKringRun(Region r, int count)
    {
        int max = (int)r.Header.MaxKrings;
        int run = 0;
        for (int i = 0; i < max; i++)
        {
            run = r.Kring(i).InUse == 0 ? run + 1 : 0;
            if (run == count)
            {
                return i - count + 1;
            }
        }

        return count == 0 ? 0 : -1;
    }

    /// <summary>Makes sure kring <paramref name="k"/> has a ring (and its pipe peer too), taking buffers first-fit.</summary>
    public static int EnsureRing(Region r, int k)
    {
        ref KRingState kr = ref r.Kring(k);
        if (kr.RingOffset != 0)
        {
            return 0;
        }

        int error = NewRing(r, k, real: true);
        if (error != 0 || kr.Peer < 0 || r.Kring(kr.Peer).RingOffset != 0)
        {
            return error;
        }

        error = NewRing(r, kr.Peer, real: false);
        if (error == 0)
        {
            // The peer ring starts as a copy of the slot array: one set of buffers for the pair.
            ref KRingState peer = ref r.Kring(kr.Peer);
            System.Buffer.MemoryCopy(r.Slots(kr.RingOffset), r.Slots(peer.RingOffset), (long)peer.NumSlots * 16, (long)kr.NumSlots * 16);
        }
        else
        {
            FreeRing(r, k);
        }

        return error;
    }

    private static int NewRing(Region r, int k, bool real)
    {
        ref KRingState kr = ref r.Kring(k);
        uint n = kr.NumSlots;
        if (256 + (16UL * n) > r.Header.RingObjSize)
        {
            return Errno.ENOMEM;
        }

        long offset = r.AllocRing();
        if (offset < 0)
        {
            return Errno.ENOMEM;
        }

        ulong off = (ulong)offset;
        NetmapRingHeader* ring = r.Ring(off);
        NetmapSlot* slots = r.Slots(off);
        if (real)
        {
            uint from = 2;
            for (uint i = 0; i < n; i++)
            {
                uint b = r.AllocBuf(ref from);
                if (b == 0)
                {
                    for (uint j = 0; j < i; j++)
                    {
                        r.FreeBuf(slots[j].BufIdx);
                    }

                    r.FreeRing(off);
                    return Errno.ENOMEM;
                }

                slots[i] = new NetmapSlot { BufIdx = b, Len = (ushort)r.Header.BufSize };
            }
        }

        // Ring memory is reused uncleared, as in netmap: only the fields the kernel sets are written.
        ring->BufOfs = (long)r.Header.BufOffset - (long)off;
        ring->NumSlots = n;
        ring->NrBufSize = r.Header.BufSize;
        ring->RingId = (ushort)kr.RingId;
        ring->Dir = (ushort)kr.IsTx;
        ring->Head = 0;
        ring->Cur = 0;
        ring->Tail = kr.IsTx != 0 ? n - 1 : 0;
        ring->OffsetMask = 0;
        ring->BufAlign = 0;
        kr.RingOffset = off;
        kr.Real = real ? 1 : 0;
        kr.HwCur = 0;
        kr.HwTail = ring->Tail;
        kr.RHead = 0;
        kr.RCur = 0;
        kr.RTail = ring->Tail;
        kr.PipeTail = ring->Tail;
        return 0;
    }

    private static void FreeRing(Region r, int k)
    {
        ref KRingState kr = ref r.Kring(k);
        if (kr.RingOffset == 0)
        {
            return;
        }

        if (kr.Real != 0)
        {
            NetmapSlot* slots = r.Slots(kr.RingOffset);
            for (uint i = 0; i < kr.NumSlots; i++)
            {
                r.FreeBuf(slots[i].BufIdx);
            }
        }

        r.FreeRing(kr.RingOffset);
        kr.RingOffset = 0;
        kr.Real = 0;
    }

    /// <summary>Deletes a port (and for a pipe its peer) with all rings and buffers.</summary>
    public static void Destroy(Region r, int port)
    {
        int peer = r.Port(port).Peer;
        FreePort(r, port);
        if (peer >= 0)
        {
            FreePort(r, peer);
        }
    }

    private static void FreePort(Region r, int port)
    {
        ref PortState p = ref r.Port(port);
        int count = KringCount(ref p);
        for (int i = 0; i < count; i++)
        {
            FreeRing(r, p.KringBase + i);
        }

        for (int i = 0; i < count; i++)
        {
            r.Kring(p.KringBase + i) = default;
        }

        p = default;
    }
}
