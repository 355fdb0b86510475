using System;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>receiver_body</c> (rx) and <c>rxseq_body</c>. Both wait (unbounded) for a first packet, then
/// per round: one poll(POLLIN, 1 s) — with -W a silent second ends the run — and take up to a burst from every
/// bound RX ring, releasing it with one head/cur move per ring. rx counts a packet per slot without
/// NS_MOREFRAG and bytes as the sum of slot lengths; rxseq checks the sequence number at the UDP payload and logs
/// gaps. Nothing here allocates (the rate-limited gap lines aside).
/// </summary>
internal sealed class ReceiverBody(PktGenThread t, PktGenLog log, TextSink dump)
{
    private const int PollTimeoutMilliseconds = 1000;
    private readonly RateLimit _waiting = new(1);
    private readonly RateLimit _gaps = new(2);
    private readonly RateLimit _small = new(1);
    private readonly RateLimit _frags = new(1);

    /// <summary>receiver_body.</summary>
    public void RunRx()
    {
        PktGenOptions o = t.Options;
        ulong n = o.Packets / (ulong)o.Threads;
        long pkts = 0, bytes = 0, events = 0;
        if (!t.SetAffinity(log))
        {
            t.Used = false;
            return;
        }

        log.D("receiver_body", $"reading from {o.PortName} fd {t.Fd} main_fd {t.MainFd}");
        if (!WaitFirst("receiver_body", quitOnError: true))
        {
            t.Used = false;
            return;
        }

        t.Tic = DateTime.UtcNow;
        bool idle = false;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        while (!t.Cancel && (n == 0 || (ulong)pkts < n))
        {
            int rv = t.Poll(PollEvents.In, PollTimeoutMilliseconds, out PollEvents revents);
            if (rv == 0 && !o.Forever)
            {
                idle = true;
                break;
            }

            if ((revents & PollEvents.Err) != 0)
            {
                log.D("receiver_body", "poll err");
                t.Used = false;
                return;
            }

            long space = 0;
            for (int k = 0; k < t.RxRingCount; k++)
            {
                NetmapRing ring = t.Rx(k);
                // Slots the kernel owns (free for it to fill): head - tail, modulo the ring size.
                uint size = ring.NumSlots, head = ring.Head, tail = ring.Tail;
                long m = (long)head + size - tail;
                if (m >= size)
                {
                    m -= size;
                }

                space += m;
                if (head == tail)
                {
                    continue;
                }

                int got = ReceivePackets(ring, (uint)o.Burst, ref bytes);
                pkts += got;
                if (got > 0)
                {
                    events++;
                }
            }

            long minSpace = t.MinSpace;
            if (space < minSpace)
            {
                minSpace = space;
            }

            t.MinSpace = minSpace;
            t.Publish(pkts, bytes, events);
        }

        // With -W the silent second is not part of the measured time (C: toc.tv_sec -= 1).
        t.Toc = idle ? DateTime.UtcNow.AddSeconds(-1) : DateTime.UtcNow;
        t.ReportLoopAllocations(log, "receiver_body", GC.GetAllocatedBytesForCurrentThread() - allocated, pkts);
        Release();
        t.Completed = true;
        t.Publish(pkts, bytes, events);
        t.Used = false;
    }

    /// <summary>rxseq_body: every slot counts as a packet; per ring, the sequence must go up by one.</summary>
    public void RunRxSeq()
    {
        PktGenOptions o = t.Options;
        long pkts = 0, bytes = 0, events = 0;
        uint frags = 0, fragsExpected = 1;
        bool firstPacket = true, firstSlot = true;
        if (!t.SetAffinity(log))
        {
            t.Used = false;
            return;
        }

        Span<uint> expected = stackalloc uint[Math.Max(1, t.RxRingCount)];
        log.D("rxseq_body", $"reading from {o.PortName} fd {t.Fd} main_fd {t.MainFd}");
        WaitFirst("rxseq_body", quitOnError: false);
        t.Tic = DateTime.UtcNow;
        bool idle = false;
        while (!t.Cancel)
        {
            int rv = t.Poll(PollEvents.In, PollTimeoutMilliseconds, out PollEvents revents);
            if (rv == 0 && !o.Forever)
            {
                idle = true;
                break;
            }

            if ((revents & PollEvents.Err) != 0)
            {
                log.D("rxseq_body", "poll err");
                t.Used = false;
                return;
            }

            for (int k = 0; k < t.RxRingCount; k++)
            {
                NetmapRing ring = t.Rx(k);
                if (ring.IsEmpty)
                {
                    continue;
                }

                uint limit = Math.Min(ring.Space, (uint)o.Burst);
                uint head = ring.Head;
                for (uint i = 0; i < limit; i++)
                {
                    ref NetmapSlot slot = ref ring.Slot(head);
                    ReadOnlySpan<byte> p = ring.Buffer(slot.BufIdx);
                    if (o.Dump)
                    {
                        dump.Dump(ring, head, slot.Len);
                    }

                    frags++;
                    if ((slot.Flags & (ushort)NetmapSlotFlags.MoreFragments) == 0)
                    {
                        if (!firstPacket && frags != fragsExpected)
                        {
                            log.RD(_frags, "rxseq_body", $"Received packets with {frags} frags, expected {fragsExpected}");
                        }

                        firstPacket = false;
                        fragsExpected = frags;
                        frags = 0;
                    }

                    if (slot.Len < PacketTemplate.PayloadOffset + 4)
                    {
                        log.RD(_small, "rxseq_body", $"rxseq_body: packet too small (len={slot.Len})");
                    }
                    else
                    {
                        uint seq = (uint)(p[42] << 24 | p[43] << 16 | p[44] << 8 | p[45]);
                        if (firstSlot)
                        {
                            expected[k] = seq; // the first one, whatever it is
                            firstSlot = false;
                        }
                        else if (seq != expected[k])
                        {
                            uint delta = seq - expected[k];
                            if (delta < (0xFFFFFFFF >> 1))
                            {
                                log.RD(_gaps, "rxseq_body", $"Sequence GAP: exp {expected[k]} found {seq}");
                            }
                            else
                            {
                                log.RD(_gaps, "rxseq_body", $"Sequence OUT OF ORDER: exp {expected[k]} found {seq}");
                            }

                            expected[k] = seq;
                        }

                        expected[k]++;
                    }

                    bytes += slot.Len;
                    head = ring.Next(head);
                    pkts++;
                }

                ring.Head = head;
                ring.Cur = head;
                events++;
                t.Publish(pkts, bytes, events); // rxseq keeps no min_space: it reports 0, as in C
                t.MinSpace = 0;
            }
        }

        t.Toc = idle ? DateTime.UtcNow.AddSeconds(-1) : DateTime.UtcNow;
        Release();
        t.Completed = true;
        t.Publish(pkts, bytes, events);
        t.Used = false;
    }

    /// <summary>receive_packets: up to <paramref name="limit"/> slots; returns complete packets (slots without NS_MOREFRAG).</summary>
    private int ReceivePackets(NetmapRing ring, uint limit, ref long bytes)
    {
        uint head = ring.Head;
        limit = Math.Min(limit, ring.Space);
        Span<NetmapSlot> slots = ring.Slots;
        int complete = 0;
        for (uint rx = 0; rx < limit; rx++)
        {
            ref NetmapSlot slot = ref slots[(int)head];
            bytes += slot.Len;
            if (t.Options.Dump)
            {
                dump.Dump(ring, head, slot.Len);
            }

            if ((slot.Flags & (ushort)NetmapSlotFlags.MoreFragments) == 0)
            {
                complete++;
            }

            head = ring.Next(head);
        }

        ring.Head = head;
        ring.Cur = head;
        return complete;
    }

    /// <summary>
    /// Beyond pkt-gen.c: hand the last batch's slots back (RXSYNC) before closing. A sender on the other end of a
    /// pipe waits at its exit until nothing is pending, which needs the receiver to have released everything.
    /// </summary>
    private void Release()
    {
        try
        {
            t.Port.RxSync();
        }
        catch (NetmapException e)
        {
            log.D("receiver_body", e.Message);
        }
    }

    /// <summary>The unbounded wait for a first packet: poll(POLLIN, 1 s) until something arrives or a stop.</summary>
    private bool WaitFirst(string function, bool quitOnError)
    {
        while (!t.Cancel)
        {
            int i = t.Poll(PollEvents.In, PollTimeoutMilliseconds, out PollEvents revents);
            if (i > 0 && (revents & PollEvents.Err) == 0)
            {
                break;
            }

            if (quitOnError && (revents & PollEvents.Err) != 0)
            {
                log.D(function, "fd error");
                return false;
            }

            if (i >= 0)
            {
                log.RD(_waiting, function, $"waiting for initial packets, poll returns {i} {(int)revents}");
            }
        }

        return true;
    }
}
