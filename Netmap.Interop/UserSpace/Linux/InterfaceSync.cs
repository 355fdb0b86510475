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
            XskSocket xsk = b.Interface.Xsks[b.Queue(kring)]!;
            uint maxFrame = b.Interface.MaxFrame;
            bool down = xsk.Down && xsk.StillDown();
            bool queued = false;
            while (k != kr.RHead)
            {
                uint len = System.Math.Min(slots[k].Len, bufSize);

                // A descriptor the device refuses would stall the socket's TX ring behind it: such a slot is
                // consumed unsent (and counted), as the emulated adapter's failed sends are; so is every slot
                // while the link is down.
                if (down || len < 14 || len > maxFrame)
                {
                    xsk.CountUnsendable();
                    slots[k].Flags &= Clear;
                    k = RingMath.Next(k, n);
                    continue;
                }

                if (!xsk.Enqueue(r.Buffer(slots[k].BufIdx), len))
                {
                    // Every socket frame is in flight: a send reclaims some, or finds the link down.
                    if (!queued)
                    {
                        break;
                    }

                    xsk.Kick();
                    queued = false;
                    down = xsk.Down;
                    continue;
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
            TapDevice tap = b.Interface.Inject;
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

    /// <summary>rxsync; true when host → NIC forwarding moved slots into NIC TX rings (poll then runs the TX pass again).</summary>
    public static bool RxSync(Region r, InterfaceBinding b, int kring, NetmapRingHeader* ring, ref KRingState kr)
    {
        uint n = kr.NumSlots;
        NetmapSlot* slots = r.Slots(kr.RingOffset);
        bool forward = (ring->Flags & (uint)NetmapRingFlags.Forward) != 0;
        if (b.IsNicRx(kring))
        {
            ToHost(r, b, slots, n, ref kr, forward);
            uint room = (kr.HwCur + n - 1 - kr.HwTail) % n;
            uint used = b.Interface.Xsks[b.Queue(kring)]!.Receive(r, slots, n, kr.HwTail, room);
            kr.HwTail = (kr.HwTail + used) % n;
            return false;
        }

        // The host RX ring imports before it releases: slots freed in this call refill on the next.
        uint h = b.HostRxIndex(kring);
        TapDevice tap = b.Interface.Captures[h]!;
        uint free = (kr.HwCur + n - 1 - kr.HwTail) % n;
        uint bufSize = r.Header.BufSize;
        while (free > 0)
        {
            ref NetmapSlot s = ref slots[kr.HwTail];
            int len = tap.Read(r.Buffer(s.BufIdx), bufSize);
            if (len == 0)
            {
                break;
            }

            if (len < 0)
            {
                continue;
            }

            free--;

            s.Len = (ushort)len;
            s.Flags = 0;
            kr.HwTail = RingMath.Next(kr.HwTail, n);
        }

        // netmap forwards from the first host RX ring only, and only for a handle holding every NIC TX ring.
        uint released = kr.HwCur;
        Release(slots, n, ref kr);
        return forward && h == 0 && b.AllNicTx && ToNic(r, b, slots, n, released, kr.RHead);
    }

    /// <summary>NIC → host: released NS_FORWARD slots are copied to the stack; the buffers stay.</summary>
    private static void ToHost(Region r, InterfaceBinding b, NetmapSlot* slots, uint n, ref KRingState kr, bool forward)
    {
        uint bufSize = r.Header.BufSize;
        for (uint k = kr.HwCur; forward && k != kr.RHead; k = RingMath.Next(k, n))
        {
            ref NetmapSlot s = ref slots[k];
            if ((s.Flags & Forward) != 0 && s.Len >= 14 && s.Len <= bufSize)
            {
                b.Interface.Inject.Write(r.Buffer(s.BufIdx), s.Len);
                s.Flags &= unchecked((ushort)~Forward);
            }
        }

        Release(slots, n, ref kr);
    }

    /// <summary>
    /// Host → NIC (netmap_sw_to_nic): each released NS_FORWARD slot swaps its buffer into the next NIC TX ring with
    /// room at its head (both slots NS_BUF_CHANGED, length copied) and that ring's head = cur advance, as if the
    /// application had queued it; full rings are skipped and what finds no room is released unsent.
    /// </summary>
    private static bool ToNic(Region r, InterfaceBinding b, NetmapSlot* src, uint n, uint k, uint end)
    {
        bool moved = false;
        for (uint q = 0; q < b.TxRings && k != end; q++)
        {
            ref KRingState tx = ref r.Kring(b.NicTxKring(q));
            NetmapRingHeader* dring = r.Ring(tx.RingOffset);
            NetmapSlot* dst = r.Slots(tx.RingOffset);
            uint dn = tx.NumSlots;
            for (; k != end && dring->Cur != dring->Tail && dring->Cur < dn; k = RingMath.Next(k, n))
            {
                ref NetmapSlot s = ref src[k];
                if ((s.Flags & Forward) == 0)
                {
                    continue;
                }

                uint head = dring->Head < dn ? dring->Head : 0;
                ref NetmapSlot d = ref dst[head];
                uint buf = s.BufIdx;
                s.BufIdx = d.BufIdx;
                s.Flags = (ushort)NetmapSlotFlags.BufChanged;
                d.BufIdx = buf;
                d.Len = s.Len;
                d.Flags = (ushort)NetmapSlotFlags.BufChanged;
                dring->Head = dring->Cur = RingMath.Next(head, dn);
                moved = true;
            }
        }

        return moved;
    }

    /// <summary>Releases [hwcur, head): clears NS_BUF_CHANGED (the new buffer is adopted).</summary>
    private static void Release(NetmapSlot* slots, uint n, ref KRingState kr)
    {
        for (uint k = kr.HwCur; k != kr.RHead; k = RingMath.Next(k, n))
        {
            slots[k].Flags &= unchecked((ushort)~(ushort)NetmapSlotFlags.BufChanged);
        }

        kr.HwCur = kr.RHead;
    }
}
