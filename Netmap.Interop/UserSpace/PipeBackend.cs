using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// netmap_pipe_txsync / netmap_pipe_rxsync: only descriptors move. The sender copies whole slots into the peer RX
/// ring and publishes up to its last complete packet; the receiver copies back the slots it swapped and gives the
/// sender room up to its head minus one. Each returns true when the peer must be woken.
/// </summary>
internal static unsafe class PipeBackend
{
    public static bool TxSync(Region r, ref KRingState tx)
    {
        ref KRingState rx = ref r.Kring(tx.Peer);
        uint n = tx.NumSlots;
        tx.HwTail = tx.PipeTail;
        uint m = RingMath.Distance(tx.HwCur, tx.RHead, n);
        if (m == 0)
        {
            return false;
        }

        NetmapSlot* ts = r.Slots(tx.RingOffset);
        NetmapSlot* rs = r.Slots(rx.RingOffset);
        uint k = tx.HwCur;
        uint publish = n;
        for (; m > 0; m--)
        {
            rs[k] = ts[k];
            ts[k].Flags &= unchecked((ushort)~(ushort)NetmapSlotFlags.BufChanged);
            bool complete = (ts[k].Flags & (ushort)NetmapSlotFlags.MoreFragments) == 0;
            k = RingMath.Next(k, n);
            if (complete)
            {
                publish = k;
            }
        }

        tx.HwCur = k;
        if (publish < n)
        {
            System.Threading.Thread.MemoryBarrier();
            rx.PipeTail = publish;
            return true;
        }

        return false;
    }

    public static bool RxSync(Region r, ref KRingState rx)
    {
        ref KRingState tx = ref r.Kring(rx.Peer);
        uint n = rx.NumSlots;
        rx.HwTail = rx.PipeTail;
        uint m = RingMath.Distance(rx.HwCur, rx.RHead, n);
        if (m == 0)
        {
            return false;
        }

        NetmapSlot* rs = r.Slots(rx.RingOffset);
        NetmapSlot* ts = r.Slots(tx.RingOffset);
        uint k = rx.HwCur;
        for (; m > 0; m--)
        {
            if ((rs[k].Flags & (ushort)NetmapSlotFlags.BufChanged) != 0)
            {
                ts[k] = rs[k];
                rs[k].Flags &= unchecked((ushort)~(ushort)NetmapSlotFlags.BufChanged);
            }

            k = RingMath.Next(k, n);
        }

        System.Threading.Thread.MemoryBarrier();
        tx.PipeTail = rx.RHead == 0 ? n - 1 : rx.RHead - 1;
        rx.HwCur = k;
        return true;
    }
}
