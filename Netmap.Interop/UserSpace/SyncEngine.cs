using System;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// NIOCTXSYNC / NIOCRXSYNC and the syncs inside poll(): prologue, reinit on refusal, backend, finalize
/// (notes.md §4). Runs under the rendezvous lock; allocates nothing.
/// </summary>
internal static unsafe class SyncEngine
{
    /// <summary>Result of one ring's sync, for poll(): whether the prologue refused and whether cur != tail after.</summary>
    [Flags]
    public enum RingResult
    {
        None = 0,
        Refused = 1,
        Ready = 2,
        WakePeer = 4,
        Forwarded = 8,
    }

    public static RingResult TxSyncRing(UserSpaceNetmapBackend backend, BoundPort b, int k)
    {
        Region r = b.Region;
        ref KRingState kr = ref r.Kring(k);
        NetmapRingHeader* ring = r.Ring(kr.RingOffset);
        RingResult result = RingResult.None;
        string? refused = SyncPrologue.TxCheck(ref kr, ring, out uint head, out uint cur);
        if (refused is not null)
        {
            backend.LogRefused("TX", k, refused, head, cur, ring->Tail, ref kr);
            SyncPrologue.Reinit(ref kr, ring, r.Slots(kr.RingOffset), r.Header.BufNum, r.Header.BufSize);
            result |= RingResult.Refused;
        }
        else
        {
            if (SyncPrologue.RestoreTail(ref kr, ring))
            {
                backend.LogTailOverwritten("TX", k);
            }

            kr.RHead = head;
            kr.RCur = cur;
            if (b.IsPipe && PipeBackend.TxSync(r, ref kr))
            {
                result |= RingResult.WakePeer;
            }
            else if (b.Interface is { } li)
            {
                Linux.InterfaceSync.TxSync(r, li, k, ref kr);
            }

            ring->Tail = kr.RTail = kr.HwTail;
        }

        if (kr.RCur != kr.RTail)
        {
            result |= RingResult.Ready;
        }

        return result;
    }

    public static RingResult RxSyncRing(UserSpaceNetmapBackend backend, BoundPort b, int k)
    {
        Region r = b.Region;
        ref KRingState kr = ref r.Kring(k);
        NetmapRingHeader* ring = r.Ring(kr.RingOffset);
        RingResult result = RingResult.None;
        string? refused = SyncPrologue.RxCheck(ref kr, ring, out uint head, out uint cur);
        if (refused is not null)
        {
            backend.LogRefused("RX", k, refused, head, cur, ring->Tail, ref kr);
            SyncPrologue.Reinit(ref kr, ring, r.Slots(kr.RingOffset), r.Header.BufNum, r.Header.BufSize);
            result |= RingResult.Refused;
        }
        else if (SyncPrologue.RestoreTail(ref kr, ring))
        {
            backend.LogTailOverwritten("RX", k);
        }

        // Unlike TX, the RX backend runs even after a refusal: released slots still go back.
        if (b.IsPipe && PipeBackend.RxSync(r, ref kr))
        {
            result |= RingResult.WakePeer;
        }
        else if (b.Interface is { } li && Linux.InterfaceSync.RxSync(r, li, k, ring, ref kr))
        {
            result |= RingResult.Forwarded;
        }

        ring->Tail = kr.RTail = kr.HwTail;
        long now = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
        ring->TsSec = now / TimeSpan.TicksPerSecond;
        ring->TsUsec = now % TimeSpan.TicksPerSecond / 10;
        if (kr.RCur != kr.RTail)
        {
            result |= RingResult.Ready;
        }

        return result;
    }

    /// <summary>NIOCTXSYNC: every bound TX ring; a refused ring is reinitialised and the call still returns 0.</summary>
    public static int TxSync(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, BoundPort b) => Sync(backend, handle, b, tx: true);

    /// <summary>NIOCRXSYNC: every bound RX ring.</summary>
    public static int RxSync(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, BoundPort b) => Sync(backend, handle, b, tx: false);

    private static int Sync(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle handle, BoundPort b, bool tx)
    {
        // An interface deleted under the binding: netmap's adapter is no longer in netmap mode (one bpf call a sync).
        if (b.Interface is { } gone && gone.Interface.CheckGone())
        {
            return Errno.ENXIO;
        }

        bool wake = false;
        using (SyncScope.Enter(backend, b))
        {
            int first = tx ? b.TxFirst : b.RxFirst, last = tx ? b.TxLast : b.RxLast;
            for (int k = first; k < last; k++)
            {
                wake |= ((tx ? TxSyncRing(backend, b, k) : RxSyncRing(backend, b, k)) & RingResult.WakePeer) != 0;
            }

            if (wake)
            {
                Waker.NotifyPort(b.Region, b.PeerPort, handle.WakeFd, backend.Rendezvous.WakeDirectoryBytes);
            }
        }

        return 0;
    }
}
