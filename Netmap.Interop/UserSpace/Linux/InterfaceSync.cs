using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The txsync/rxsync backends of an interface port (netmap_generic.c, netmap_txsync_to_host,
/// netmap_rxsync_from_host): NIC rings move frames through the queue's AF_XDP socket, host rings through the TAP.
/// Frames are copied, so every sent slot is complete at once (hwtail = hwcur - 1); slots the socket has no free
/// TX frame for stay pending in [hwcur, head) until a later sync. Allocation-free.
/// </summary>
internal static unsafe class InterfaceSync
{
    private const ushort Forward = (ushort)NetmapSlotFlags.Forward;
    private const ushort Clear = unchecked((ushort)~(ushort)(NetmapSlotFlags.BufChanged | NetmapSlotFlags.Report));

    public static void TxSync(Region r, InterfaceBinding b, int kring, ref KRingState kr)
    {
        uint n = kr.NumSlots;
        NetmapSlot* slots = r.Slots(kr.RingOffset);
        uint bufSize = r.Header.BufSize;
        uint k = kr.HwCur;
        if (b.IsNicTx(kring))
        {
            XskSocket xsk = b.Interface.Xsks[b.Queue(kring)];
            bool queued = false;
            while (k != kr.RHead)
            {
                uint len = System.Math.Min(slots[k].Len, bufSize);
                if (!xsk.Enqueue(r.Buffer(slots[k].BufIdx), len))
                {
                    break;
                }

                queued = true;
                slots[k].Flags &= Clear;
                k = RingMath.Next(k, n);
            }

            if (queued)
            {
                xsk.Kick();
            }
        }
        else
        {
            TapDevice tap = b.Interface.Tap;
            for (; k != kr.RHead; k = RingMath.Next(k, n))
            {
                uint len = slots[k].Len;
                if (len >= 14 && len <= bufSize)
                {
                    tap.Write(r.Buffer(slots[k].BufIdx), len);
                }

                slots[k].Flags &= Clear;
            }
        }

        kr.HwCur = k;
        kr.HwTail = k == 0 ? n - 1 : k - 1;
    }

    public static void RxSync(Region r, InterfaceBinding b, int kring, NetmapRingHeader* ring, ref KRingState kr)
    {
        uint n = kr.NumSlots;
        NetmapSlot* slots = r.Slots(kr.RingOffset);
        bool forward = (ring->Flags & (uint)NetmapRingFlags.Forward) != 0;
        if (b.IsNicRx(kring))
        {
            Release(r, b, slots, n, ref kr, forward, toHost: true);
            uint room = (kr.HwCur + n - 1 - kr.HwTail) % n;
            uint used = b.Interface.Xsks[b.Queue(kring)].Receive(r, slots, n, kr.HwTail, room);
            kr.HwTail = (kr.HwTail + used) % n;
            return;
        }

        // The host RX ring imports before it releases: slots freed in this call refill on the next.
        TapDevice tap = b.Interface.Tap;
        uint free = (kr.HwCur + n - 1 - kr.HwTail) % n;
        uint bufSize = r.Header.BufSize;
        for (; free > 0; free--)
        {
            ref NetmapSlot s = ref slots[kr.HwTail];
            int len = tap.Read(r.Buffer(s.BufIdx), bufSize);
            if (len == 0)
            {
                break;
            }

            s.Len = (ushort)len;
            s.Flags = 0;
            kr.HwTail = RingMath.Next(kr.HwTail, n);
        }

        Release(r, b, slots, n, ref kr, forward && b.AllNicTx, toHost: false);
    }

    /// <summary>Releases [hwcur, head); in transparent mode NS_FORWARD slots go to the other side first.</summary>
    private static void Release(Region r, InterfaceBinding b, NetmapSlot* slots, uint n, ref KRingState kr, bool forward, bool toHost)
    {
        uint bufSize = r.Header.BufSize;
        bool queued = false;
        for (uint k = kr.HwCur; k != kr.RHead; k = RingMath.Next(k, n))
        {
            ref NetmapSlot s = ref slots[k];
            if (forward && (s.Flags & Forward) != 0 && s.Len >= 14 && s.Len <= bufSize)
            {
                if (toHost)
                {
                    b.Interface.Tap.Write(r.Buffer(s.BufIdx), s.Len);
                }
                else
                {
                    // netmap swaps the buffer into the NIC TX ring; a copy out of queue 0 puts the same frame on the wire.
                    queued |= b.Interface.Xsks[0].Enqueue(r.Buffer(s.BufIdx), s.Len);
                }

                s.Flags &= unchecked((ushort)~Forward);
            }

            s.Flags &= unchecked((ushort)~(ushort)NetmapSlotFlags.BufChanged);
        }

        if (queued)
        {
            b.Interface.Xsks[0].Kick();
        }

        kr.HwCur = kr.RHead;
    }

}
