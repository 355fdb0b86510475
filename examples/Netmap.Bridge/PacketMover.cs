using System;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Bridge;

/// <summary>
/// bridge.c's <c>ports_move</c> and <c>rings_move</c>: move up to a burst of slots from each non-empty RX ring of
/// the source to the TX rings of the destination, swapping buffer indexes when both ports map one memory region,
/// copying bytes otherwise. Nothing here allocates (messages only with -v, into <see cref="DebugLog"/>'s buffer).
/// </summary>
internal sealed class PacketMover(bool zeroCopy, int verbose, DebugLog log)
{
    // Each RD() call site in C has its own per-second budget of 2 lines.
    private readonly RateLimit _wrongIndex = new(2);
    private readonly RateLimit _invalidLength = new(2);
    private readonly RateLimit _ringFlags = new(2);

    // The C function every message here comes from (ports_move itself logs nothing).
    private const string Function = "rings_move";

    public bool ZeroCopy => zeroCopy;

    /// <summary><c>ports_move</c>: returns the slots moved from <paramref name="src"/> to <paramref name="dst"/>.</summary>
    public long MovePorts(BridgeEndpoint src, BridgeEndpoint dst, uint limit, string message)
    {
        long moved = 0;
        int si = 0, di = 0;
        while (si < src.RxRingCount && di < dst.TxRingCount)
        {
            NetmapRing rx = src.Rx(si);
            NetmapRing tx = dst.Tx(di);
            if (rx.IsEmpty)
            {
                si++;
                continue;
            }

            if (tx.IsEmpty)
            {
                di++;
                continue;
            }

            moved += MoveRings(rx, tx, limit, message);
        }

        return moved;
    }

    /// <summary><c>rings_move</c>: min(RX space, TX space, limit) slots from <paramref name="rx"/> to <paramref name="tx"/>.</summary>
    private uint MoveRings(NetmapRing rx, NetmapRing tx, uint limit, string message)
    {
        // A flag on a ring (e.g. one the kernel set on reinit) is worth seeing, as in bridge.c; unlike its D(),
        // rate-limited as the other messages here, since a flag that stays set would log on every move.
        if (rx.Flags != 0 || tx.Flags != 0)
        {
            log.RD(_ringFlags, Function, $"{message} rxflags {(uint)rx.Flags:x} txflags {(uint)tx.Flags:x}");
        }

        uint j = rx.Head, k = tx.Head;
        uint m = Math.Min(limit, Math.Min(rx.Space, tx.Space));
        Span<NetmapSlot> rxSlots = rx.Slots, txSlots = tx.Slots;
        uint rxSize = rx.BufferSize, txSize = tx.BufferSize;
        for (uint left = m; left > 0; left--)
        {
            ref NetmapSlot rs = ref rxSlots[(int)j];
            ref NetmapSlot ts = ref txSlots[(int)k];
            // Buffers 0 and 1 are never handed out: an index below 2 means someone corrupted a ring. bridge.c
            // logs, pauses so the log is readable, and goes on.
            if (ts.BufIdx < 2 || rs.BufIdx < 2)
            {
                log.RD(_wrongIndex, Function, $"wrong index rxr[{j}] = {rs.BufIdx}  -> txr[{k}] = {ts.BufIdx}");
                Thread.Sleep(2000);
            }

            // A length beyond the buffer cannot be trusted: send an empty frame rather than read past it. When
            // copying between regions the destination buffer may be smaller, which is the same case for it.
            if (rs.Len > rxSize || (!zeroCopy && rs.Len > txSize))
            {
                log.RD(_invalidLength, Function, $"{message}: invalid len {rs.Len}, rxr[{j}] -> txr[{k}]");
                rs.Len = 0;
            }
            else if (verbose > 1)
            {
                log.D(Function, $"{message}: fwd len {rs.Len}, rx[{j}] -> tx[{k}]");
            }

            ts.Len = rs.Len;
            if (zeroCopy)
            {
                (ts.BufIdx, rs.BufIdx) = (rs.BufIdx, ts.BufIdx);
                // Both slots now carry a buffer the kernel did not give them there: tell it.
                ts.Flags |= (ushort)NetmapSlotFlags.BufChanged;
                rs.Flags |= (ushort)NetmapSlotFlags.BufChanged;
            }
            else
            {
                rx.Buffer(rs.BufIdx)[..rs.Len].CopyTo(tx.Buffer(ts.BufIdx));
            }

            // The packet's fragment chain goes with it; other TX flags stay as they are.
            const ushort moreFrag = (ushort)NetmapSlotFlags.MoreFragments;
            ts.Flags = (ushort)((ts.Flags & ~moreFrag) | (rs.Flags & moreFrag));
            j = rx.Next(j);
            k = tx.Next(k);
        }

        // head = cur: release the RX slots and hand the TX slots over in one step; the next poll() syncs both.
        rx.Head = j;
        rx.Cur = j;
        tx.Head = k;
        tx.Cur = k;
        if (verbose > 0 && m > 0)
        {
            log.D(Function, $"{message} fwd {m} packets: rxring {rx.RingId} --> txring {tx.RingId}");
        }

        return m;
    }
}
