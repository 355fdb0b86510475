using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// netmap's sync prologues and ring reinit (notes.md §4): the checks that decide whether the head/cur an
/// application wrote can be trusted, and the repair when they cannot. They read head and cur once, as the kernel
/// does, because the application may change them concurrently.
/// </summary>
internal static unsafe class SyncPrologue
{
    /// <summary>Which check refused the ring, for the log; null when it passed.</summary>
    public static string? TxCheck(ref KRingState k, NetmapRingHeader* ring, out uint head, out uint cur)
    {
        uint n = k.NumSlots;
        head = ring->Head;
        cur = ring->Cur;
        if (k.HwCur >= n || k.RHead >= n || k.RTail >= n || k.HwTail >= n)
        {
            return "kring index out of range";
        }

        if (head >= n || cur >= n)
        {
            return "head or cur out of range";
        }

        if (k.RTail >= k.RHead)
        {
            if (head < k.RHead || head > k.RTail)
            {
                return "head outside [rhead, rtail]";
            }

            if (cur < head || cur > k.RTail)
            {
                return "cur outside [head, rtail]";
            }
        }
        else
        {
            if (head > k.RTail && head < k.RHead)
            {
                return "head inside (rtail, rhead)";
            }

            if (head <= k.RTail)
            {
                if (cur < head || cur > k.RTail)
                {
                    return "cur outside [head, rtail]";
                }
            }
            else if (cur > k.RTail && cur < head)
            {
                return "cur inside (rtail, head)";
            }
        }

        return null;
    }

    /// <summary>The RX prologue; it stores rhead/rcur before checking, as the kernel does.</summary>
    public static string? RxCheck(ref KRingState k, NetmapRingHeader* ring, out uint head, out uint cur)
    {
        uint n = k.NumSlots;
        head = ring->Head;
        cur = ring->Cur;
        k.RCur = cur;
        k.RHead = head;
        if (k.HwCur >= n || k.HwTail >= n)
        {
            return "kring index out of range";
        }

        if (head >= n || cur >= n)
        {
            return "head or cur out of range";
        }

        if (k.HwTail >= k.HwCur)
        {
            if (head < k.HwCur || head > k.HwTail)
            {
                return "head outside [hwcur, hwtail]";
            }

            if (cur < head || cur > k.HwTail)
            {
                return "cur outside [head, hwtail]";
            }
        }
        else
        {
            if (head < k.HwCur && head > k.HwTail)
            {
                return "head inside (hwtail, hwcur)";
            }

            if (head <= k.HwTail)
            {
                if (cur < head || cur > k.HwTail)
                {
                    return "cur outside [head, hwtail]";
                }
            }
            else if (cur < head && cur > k.HwTail)
            {
                return "cur inside (hwtail, head)";
            }
        }

        return null;
    }

    /// <summary>Puts back a tail the application overwrote (the kernel logs this, rate-limited).</summary>
    public static bool RestoreTail(ref KRingState k, NetmapRingHeader* ring)
    {
        if (ring->Tail != k.RTail)
        {
            ring->Tail = k.RTail;
            return true;
        }

        return false;
    }

    /// <summary>
    /// netmap_ring_reinit: adopt the ring's head/cur/tail, scrub bad slots, and only if an index is out of range
    /// reset the ring to the kernel's hwcur/hwtail. Misordered in-range values are adopted on purpose.
    /// </summary>
    public static void Reinit(ref KRingState k, NetmapRingHeader* ring, NetmapSlot* slots, uint bufNum, uint bufSize)
    {
        uint n = k.NumSlots;
        k.RHead = ring->Head;
        k.RCur = ring->Cur;
        k.RTail = ring->Tail;
        int errors = (ring->Cur >= n ? 1 : 0) + (ring->Head >= n ? 1 : 0) + (ring->Tail >= n ? 1 : 0);
        for (uint i = 0; i < n; i++)
        {
            ref NetmapSlot s = ref slots[i];
            if (s.BufIdx < 2 || s.BufIdx >= bufNum)
            {
                s.BufIdx = 0;
                s.Len = 0;
            }
            else if (s.Len > bufSize)
            {
                s.Len = 0;
            }
        }

        if (errors > 0)
        {
            ring->Head = k.RHead = k.HwCur;
            ring->Cur = k.RCur = k.HwCur;
            ring->Tail = k.RTail = k.HwTail;
        }
    }
}
