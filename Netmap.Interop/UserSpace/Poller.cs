using System;
using System.Runtime.InteropServices;
using Netmap.Interop.Native;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// poll() with netmap_poll's semantics (notes.md §5): implicit TX and RX syncs, readiness on cur != tail, POLLERR
/// for unbound handles and refused syncs, then a real sleep in poll(2) on the handles' wake-up sockets.
/// </summary>
internal static unsafe class Poller
{
    private const int MaxHandles = 1024;
    private const int InterfaceCheckMs = 500;

    public static int Poll(UserSpaceNetmapBackend backend, Span<NetmapPollFd> fds, int timeoutMilliseconds, out int ready)
    {
        ready = 0;
        if (fds.Length > MaxHandles)
        {
            return Errno.EINVAL;
        }

        long deadline = timeoutMilliseconds > 0 ? Environment.TickCount64 + timeoutMilliseconds : 0;
        // Interface handles also sleep on their AF_XDP sockets and TAP: the kernel, not a peer, publishes there.
        int extra = 0;
        for (int i = 0; i < fds.Length; i++)
        {
            if (fds[i].Handle is UserSpaceNetmapHandle { Bound.Interface: { } ib })
            {
                extra += ib.SleepFds.Length;
            }
        }

        Libc.PollFd* pfds = stackalloc Libc.PollFd[fds.Length + extra];
        int* owner = stackalloc int[extra];
        while (true)
        {
            // Drain before checking: a wake-up that arrives after the check stays queued and ends the sleep.
            for (int i = 0; i < fds.Length; i++)
            {
                if (fds[i].Handle is UserSpaceNetmapHandle h && !h.IsClosed)
                {
                    Waker.Drain(h.WakeFd);
                }
            }

            ready = 0;
            for (int i = 0; i < fds.Length; i++)
            {
                fds[i].Revents = Check(backend, fds[i].Handle, fds[i].Events);
                if (fds[i].Revents != PollEvents.None)
                {
                    ready++;
                }
            }

            if (ready > 0 || timeoutMilliseconds == 0)
            {
                return 0;
            }

            int wait = -1;
            if (timeoutMilliseconds > 0)
            {
                long left = deadline - Environment.TickCount64;
                if (left <= 0)
                {
                    return 0;
                }

                wait = (int)left;
            }

            // The kernel gives no wake-up when an interface is deleted under an AF_XDP socket: look every 500 ms.
            if (extra > 0 && (wait < 0 || wait > InterfaceCheckMs))
            {
                wait = InterfaceCheckMs;
            }

            int count = fds.Length;
            for (int i = 0; i < fds.Length; i++)
            {
                pfds[i].Fd = fds[i].Handle is UserSpaceNetmapHandle uh ? uh.WakeFd : fds[i].Handle.FileDescriptor;
                pfds[i].Events = (short)PollEvents.In;
                pfds[i].Revents = 0;
                if (fds[i].Handle is UserSpaceNetmapHandle { Bound.Interface: { } ib })
                {
                    foreach (int fd in ib.SleepFds)
                    {
                        if (count < fds.Length + extra)
                        {
                            owner[count - fds.Length] = i;
                            pfds[count++] = new Libc.PollFd { Fd = fd, Events = (short)PollEvents.In };
                        }
                    }
                }
            }

            int polled = Libc.Poll(pfds, (nuint)count, wait);
            if (polled >= 0 && extra > 0 && InterfaceFailed(fds, pfds, owner, count, ref ready))
            {
                return 0;
            }

            if (polled < 0)
            {
                int error = Marshal.GetLastPInvokeError();
                if (error == Errno.EINTR)
                {
                    return Errno.EINTR;
                }

                return error;
            }
        }
    }

    // A socket or TAP in error, or an interface gone, ends the wait with POLLERR instead of waking poll(2) forever.
    private static bool InterfaceFailed(Span<NetmapPollFd> fds, Libc.PollFd* pfds, int* owner, int count, ref int ready)
    {
        const short broken = (short)(PollEvents.Err | PollEvents.Hup | PollEvents.Nval);
        bool failed = false;
        for (int j = fds.Length; j < count; j++)
        {
            int i = owner[j - fds.Length];
            if ((pfds[j].Revents & broken) != 0 ||
                (fds[i].Handle is UserSpaceNetmapHandle { Bound.Interface: { } ib } && ib.Interface.CheckGone()))
            {
                ref NetmapPollFd f = ref fds[owner[j - fds.Length]];
                if (f.Revents == PollEvents.None)
                {
                    ready++;
                }

                f.Revents |= PollEvents.Err;
                failed = true;
            }
        }

        return failed;
    }

    private static PollEvents Check(UserSpaceNetmapBackend backend, NetmapHandle handle, PollEvents events)
    {
        if (handle is not UserSpaceNetmapHandle h || h.IsClosed)
        {
            return PollEvents.Nval;
        }

        bool added = false;
        try
        {
            h.DangerousAddRef(ref added);
            return CheckBound(backend, h, events);
        }
        catch (ObjectDisposedException)
        {
            return PollEvents.Nval;
        }
        finally
        {
            if (added)
            {
                h.DangerousRelease();
            }
        }
    }

    private static PollEvents CheckBound(UserSpaceNetmapBackend backend, UserSpaceNetmapHandle h, PollEvents events)
    {
        BoundPort? b = h.Bound;

        // netmap's unregister notifier takes the port out of netmap mode at once, so every poll looks (one bpf call).
        if (b is null || (b.Interface is { } ib && ib.Interface.CheckGone()))
        {
            return PollEvents.Err;
        }

        PollEvents revents = PollEvents.None;
        PollEvents wantTx = events & (PollEvents.Out | PollEvents.WrNorm);
        PollEvents wantRx = events & (PollEvents.In | PollEvents.RdNorm);
        bool wake = false;
        using (SyncScope.Enter(backend, b))
        {
            if (!b.NoTxPoll || wantTx != PollEvents.None)
            {
                TxPass(backend, b, ref wantTx, ref revents, ref wake);
            }

            if (wantRx != PollEvents.None)
            {
                bool forwarded = false;
                for (int pass = 0; pass < 2; pass++)
                {
                    bool found = false;
                    for (int k = b.RxFirst; k < b.RxLast; k++)
                    {
                        SyncEngine.RingResult r = SyncEngine.RxSyncRing(backend, b, k);
                        wake |= (r & SyncEngine.RingResult.WakePeer) != 0;
                        forwarded |= (r & SyncEngine.RingResult.Forwarded) != 0;
                        if ((r & SyncEngine.RingResult.Refused) != 0)
                        {
                            revents |= PollEvents.Err;
                        }

                        if ((r & SyncEngine.RingResult.Ready) != 0)
                        {
                            revents |= wantRx;
                            found = true;
                        }
                    }

                    if (found)
                    {
                        break;
                    }
                }

                // Host → NIC forwarding queued slots on NIC TX rings: netmap_poll reruns the TX pass to send them.
                if (forwarded)
                {
                    TxPass(backend, b, ref wantTx, ref revents, ref wake);
                }
            }

            if (wake && b.PeerPort >= 0)
            {
                Waker.NotifyPort(b.Region, b.PeerPort, h.WakeFd, backend.Rendezvous.WakeDirectoryBytes);
            }
        }

        return revents;
    }

    /// <summary>
    /// The TX half of netmap_poll: sync every bound TX ring that has work or whose room is asked for; report the
    /// asked POLLOUT bits once a ring has room (asked no more after that), POLLERR for a refused ring.
    /// </summary>
    private static void TxPass(UserSpaceNetmapBackend backend, BoundPort b, ref PollEvents wantTx, ref PollEvents revents, ref bool wake)
    {
        for (int pass = 0; pass < 2; pass++)
        {
            for (int k = b.TxFirst; k < b.TxLast; k++)
            {
                ref State.KRingState kr = ref b.Region.Kring(k);
                if (wantTx == PollEvents.None && b.Region.Ring(kr.RingOffset)->Head == kr.HwCur)
                {
                    continue;
                }

                SyncEngine.RingResult r = SyncEngine.TxSyncRing(backend, b, k);
                wake |= (r & SyncEngine.RingResult.WakePeer) != 0;
                if ((r & SyncEngine.RingResult.Refused) != 0)
                {
                    revents |= PollEvents.Err;
                }

                if ((r & SyncEngine.RingResult.Ready) != 0)
                {
                    revents |= wantTx;
                    wantTx = PollEvents.None;
                }
            }

            if (wantTx == PollEvents.None)
            {
                break;
            }
        }
    }
}
