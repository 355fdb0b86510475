using System;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// One AF_XDP socket in copy mode on one queue, with a UMEM of its own: half the frames wait in the fill ring for
/// received packets, half are the TX pool. Receive copies frames into netmap slots (splitting with NS_MOREFRAG),
/// Send copies slots out; both are allocation-free and never block.
/// </summary>
internal sealed unsafe class XskSocket : IDisposable
{
    public const uint FrameSize = 4096;
    private const uint RxEntries = 1024;
    private const uint TxEntries = 512;
    private const int XDP_MMAP_OFFSETS = 1;
    private const int XDP_RX_RING = 2;
    private const int XDP_TX_RING = 3;
    private const int XDP_UMEM_REG = 4;
    private const int XDP_UMEM_FILL_RING = 5;
    private const int XDP_UMEM_COMPLETION_RING = 6;
    private const int XDP_STATISTICS = 7;
    private const ushort XDP_COPY = 2;

    private readonly ulong[] _txFree = new ulong[TxEntries];
    private int _txFreeCount;
    private byte* _umem;
    private nuint _umemLength;
    private XskRing _rx;
    private XskRing _tx;
    private XskRing _fill;
    private XskRing _comp;

    private XskSocket()
    {
    }

    public int Fd { get; private set; } = -1;

    public static int Open(uint ifindex, uint queue, out XskSocket? xsk, out string? why)
    {
        xsk = new XskSocket();
        why = null;
        int error = xsk.Setup(ifindex, queue, ref why);
        if (error != 0)
        {
            xsk.Dispose();
            xsk = null;
        }

        return error;
    }

    private int Setup(uint ifindex, uint queue, ref string? why)
    {
        Fd = LinuxSys.Socket(LinuxSys.AF_XDP, LinuxSys.SOCK_RAW | LinuxSys.SOCK_CLOEXEC, 0);
        if (Fd < 0)
        {
            return Failed("socket(AF_XDP)", ref why);
        }

        _umemLength = (nuint)((RxEntries + TxEntries) * FrameSize);
        _umem = (byte*)LinuxSys.Mmap(null, _umemLength, LinuxSys.PROT_RW, LinuxSys.MAP_PRIVATE | LinuxSys.MAP_ANONYMOUS | LinuxSys.MAP_POPULATE, -1, 0);
        if ((nint)_umem == -1)
        {
            _umem = null;
            return Failed("mmap(UMEM)", ref why);
        }

        ulong* reg = stackalloc ulong[4];
        reg[0] = (ulong)_umem;
        reg[1] = _umemLength;
        reg[2] = FrameSize;
        reg[3] = 0;
        if (LinuxSys.SetSockOpt(Fd, LinuxSys.SOL_XDP, XDP_UMEM_REG, reg, 32) != 0)
        {
            return Failed("setsockopt(XDP_UMEM_REG)", ref why);
        }

        if (SetSize(XDP_UMEM_FILL_RING, RxEntries) != 0 || SetSize(XDP_UMEM_COMPLETION_RING, TxEntries) != 0 ||
            SetSize(XDP_RX_RING, RxEntries) != 0 || SetSize(XDP_TX_RING, TxEntries) != 0)
        {
            return Failed("setsockopt(XDP ring sizes)", ref why);
        }

        ulong* offsets = stackalloc ulong[16];
        uint len = 128;
        if (LinuxSys.GetSockOpt(Fd, LinuxSys.SOL_XDP, XDP_MMAP_OFFSETS, offsets, &len) != 0)
        {
            return Failed("getsockopt(XDP_MMAP_OFFSETS)", ref why);
        }

        if (!MapRing(ref _rx, offsets, RxEntries, 16, 0) || !MapRing(ref _tx, offsets + 4, TxEntries, 16, 0x80000000L) ||
            !MapRing(ref _fill, offsets + 8, RxEntries, 8, 0x100000000L) || !MapRing(ref _comp, offsets + 12, TxEntries, 8, 0x180000000L))
        {
            return Failed("mmap(AF_XDP rings)", ref why);
        }

        for (uint i = 0; i < RxEntries; i++)
        {
            ((ulong*)_fill.Descs)[i] = (ulong)i * FrameSize;
        }

        _fill.PublishProducer(RxEntries);
        for (uint i = 0; i < TxEntries; i++)
        {
            _txFree[i] = (ulong)(RxEntries + i) * FrameSize;
        }

        _txFreeCount = (int)TxEntries;
        ushort* sxdp = stackalloc ushort[8];
        new Span<ushort>(sxdp, 8).Clear();
        sxdp[0] = LinuxSys.AF_XDP;
        sxdp[1] = XDP_COPY;
        *(uint*)(sxdp + 2) = ifindex;
        *(uint*)(sxdp + 4) = queue;
        // The kernel releases a closed socket's hold on its queue from a workqueue, so a bind right after the
        // previous user closed can see the queue busy for a moment.
        int rc;
        for (int attempt = 0; (rc = LinuxSys.Bind(Fd, sxdp, 16)) != 0 && LinuxSys.LastError == Errno.EBUSY && attempt < 50; attempt++)
        {
            System.Threading.Thread.Sleep(10);
        }

        if (rc != 0)
        {
            return Failed($"bind(AF_XDP, queue {queue}, copy mode)", ref why);
        }

        return 0;
    }

    /// <summary>
    /// Copies received frames into the free slots [<paramref name="from"/>, from + <paramref name="room"/>) of a
    /// ring of <paramref name="n"/> slots; returns how many slots it filled. A frame that does not fit whole waits.
    /// </summary>
    public uint Receive(Region r, NetmapSlot* slots, uint n, uint from, uint room)
    {
        uint bufSize = r.Header.BufSize;
        uint prod = _rx.ReadProducer();
        uint cons = *_rx.Consumer;
        uint fillProd = *_fill.Producer;
        uint used = 0;
        while (cons != prod)
        {
            byte* desc = _rx.Descs + ((cons & _rx.Mask) * 16);
            ulong addr = *(ulong*)desc;
            uint len = *(uint*)(desc + 8);
            uint frags = len == 0 ? 1 : (len + bufSize - 1) / bufSize;
            if (frags > room - used)
            {
                break;
            }

            byte* src = _umem + addr;
            uint left = len;
            for (uint f = 0; f < frags; f++)
            {
                uint s = (from + used) % n;
                uint chunk = Math.Min(left, bufSize);
                Buffer.MemoryCopy(src, r.Buffer(slots[s].BufIdx), bufSize, chunk);
                slots[s].Len = (ushort)chunk;
                slots[s].Flags = f + 1 < frags ? (ushort)NetmapSlotFlags.MoreFragments : (ushort)0;
                src += chunk;
                left -= chunk;
                used++;
            }

            ((ulong*)_fill.Descs)[fillProd & _fill.Mask] = addr & ~(ulong)(FrameSize - 1);
            fillProd++;
            cons++;
        }

        _rx.PublishConsumer(cons);
        _fill.PublishProducer(fillProd);
        return used;
    }

    /// <summary>
    /// Adds the kernel's drop counters of this socket (<c>struct xdp_statistics</c>) to <paramref name="losses"/>.
    /// Receive never drops a frame itself: one that finds no room in the netmap ring stays in the socket's RX ring,
    /// so every loss before our rings happens in the kernel and is counted here.
    /// </summary>
    public bool AddStatistics(ref NetmapLosses losses, bool rx, bool tx)
    {
        // rx_dropped, rx_invalid_descs, tx_invalid_descs, rx_ring_full, rx_fill_ring_empty_descs, tx_ring_empty_descs.
        // The fill-ring-empty count is left out: in copy mode each such event is also an rx_dropped frame.
        ulong* stats = stackalloc ulong[6];
        uint len = 48;
        if (Fd < 0 || LinuxSys.GetSockOpt(Fd, LinuxSys.SOL_XDP, XDP_STATISTICS, stats, &len) != 0 || len < 32)
        {
            return false;
        }

        if (rx)
        {
            losses.RxDropped += (long)stats[0];
            losses.RxRingFull += (long)stats[3];
        }

        if (tx)
        {
            losses.TxDropped += (long)stats[2] + System.Threading.Volatile.Read(ref _unsendable);
        }

        return true;
    }

    private long _unsendable;

    /// <summary>Counts a TX slot the wire cannot take (shorter than an Ethernet header or longer than the interface's frames), consumed unsent.</summary>
    public void CountUnsendable() => _unsendable++;

    /// <summary>Queues one frame for the wire; false when every TX frame is in flight.</summary>
    public bool Enqueue(byte* data, uint len)
    {
        if (_txFreeCount == 0)
        {
            Reclaim();
            if (_txFreeCount == 0)
            {
                return false;
            }
        }

        ulong addr = _txFree[--_txFreeCount];
        Buffer.MemoryCopy(data, _umem + addr, FrameSize, Math.Min(len, FrameSize));
        uint prod = *_tx.Producer;
        byte* desc = _tx.Descs + ((prod & _tx.Mask) * 16);
        *(ulong*)desc = addr;
        *(uint*)(desc + 8) = len;
        *(uint*)(desc + 12) = 0;
        _tx.PublishProducer(prod + 1);
        return true;
    }

    /// <summary>
    /// True after a send found the interface down: TX syncs then consume their slots unsent, as the emulated
    /// adapter's failed sends do, instead of filling the socket with frames that would leave when it comes back up.
    /// </summary>
    public bool Down { get; private set; }

    /// <summary>Has the kernel send what is queued (copy mode sends in the sendto call, a batch at a time).</summary>
    public void Kick()
    {
        for (int i = 0; i < 64 && _tx.ReadConsumer() != *_tx.Producer; i++)
        {
            if (LinuxSys.SendTo(Fd, null, 0, LinuxSys.MSG_DONTWAIT, null, 0) < 0)
            {
                int e = LinuxSys.LastError;
                if (e == ENETDOWN)
                {
                    TakeBackUnsent();
                    Down = true;
                    break;
                }

                if (e != LinuxSys.EAGAIN && e != 105 /* ENOBUFS */ && e != 16 /* EBUSY */)
                {
                    break;
                }
            }

            Reclaim();
        }

        Reclaim();
    }

    /// <summary>While <see cref="Down"/>: looks again (one empty send, which also sends what waits once it is up).</summary>
    public bool StillDown()
    {
        Down = LinuxSys.SendTo(Fd, null, 0, LinuxSys.MSG_DONTWAIT, null, 0) < 0 && LinuxSys.LastError == ENETDOWN;
        return Down;
    }

    private const int ENETDOWN = 100;

    // A link that is down refuses the send before the kernel reads a descriptor, so the queued ones are still
    // ours: their frames go back to the free list and they count as unsendable (the emulated adapter drops a
    // failed send and consumes its slot), instead of leaving the moment the link comes back.
    private void TakeBackUnsent()
    {
        uint cons = _tx.ReadConsumer();
        uint prod = *_tx.Producer;
        for (uint i = cons; i != prod && _txFreeCount < _txFree.Length; i++)
        {
            _txFree[_txFreeCount++] = *(ulong*)(_tx.Descs + ((i & _tx.Mask) * 16));
            _unsendable++;
        }

        _tx.PublishProducer(cons);
    }

    private void Reclaim()
    {
        uint prod = _comp.ReadProducer();
        uint cons = *_comp.Consumer;
        while (cons != prod && _txFreeCount < _txFree.Length)
        {
            _txFree[_txFreeCount++] = ((ulong*)_comp.Descs)[cons & _comp.Mask];
            cons++;
        }

        _comp.PublishConsumer(cons);
    }

    private int SetSize(int option, uint entries) => LinuxSys.SetSockOpt(Fd, LinuxSys.SOL_XDP, option, &entries, 4);

    private bool MapRing(ref XskRing ring, ulong* off, uint entries, uint descSize, long pgoff)
    {
        nuint length = (nuint)(off[2] + (entries * descSize));
        void* map = LinuxSys.Mmap(null, length, LinuxSys.PROT_RW, LinuxSys.MAP_SHARED | LinuxSys.MAP_POPULATE, Fd, pgoff);
        if ((nint)map == -1)
        {
            return false;
        }

        ring.Map = map;
        ring.MapLength = length;
        ring.Producer = (uint*)((byte*)map + off[0]);
        ring.Consumer = (uint*)((byte*)map + off[1]);
        ring.Descs = (byte*)map + off[2];
        ring.Mask = entries - 1;
        return true;
    }

    private static int Failed(string what, ref string? why)
    {
        int error = LinuxSys.LastError;
        why = $"{what}: {Errno.Name(error)}";
        return error == 0 ? Errno.EIO : error;
    }

    public void Dispose()
    {
        foreach (XskRing ring in new[] { _rx, _tx, _fill, _comp })
        {
            if (ring.Map is not null)
            {
                LinuxSys.Munmap(ring.Map, ring.MapLength);
            }
        }

        _rx = _tx = _fill = _comp = default;
        if (Fd >= 0)
        {
            LinuxSys.Close(Fd);
            Fd = -1;
        }

        if (_umem is not null)
        {
            LinuxSys.Munmap(_umem, _umemLength);
            _umem = null;
        }
    }
}
