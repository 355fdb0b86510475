using System;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>sender_body</c> (tx). Per round: one poll(POLLOUT, 2 s), then fill every
/// bound TX ring with up to a burst; head/cur move once per ring per round and the next poll hands the slots to
/// netmap. tx writes a buffer only when its slot is flagged NS_BUF_CHANGED (all are, at start) or, with ranges
/// (C's OPT_COPY), every packet; -z/-Z change the addresses of the buffers written, as in C. Nothing here allocates.
/// </summary>
internal sealed class SenderBody(PktGenThread t, PktGenLog log, TextSink dump)
{
    private readonly RateLimit _pending = new(5);

    /// <summary>sender_body.</summary>
    public void RunTx()
    {
        PktGenOptions o = t.Options;
        ulong n = o.Packets / (ulong)o.Threads;
        long sent = 0, events = 0, bytes = 0;
        int size = o.PacketSize;
        log.D("sender_body", $"start, fd {t.Fd} main_fd {t.MainFd}");
        if (!t.SetAffinity(log))
        {
            t.Used = false;
            return;
        }

        long bursts = 0; // paced bursts so far: burst n is due at start + n periods (RateClock.Deadline)
        DateTime start = TxLoop.Start(t);

        if (t.TxRingCount == 0)
        {
            log.D("sender_body", $"no TX rings bound on {t.Port.Name}");
            t.Used = false;
            return;
        }

        // Frames larger than a buffer go out as NS_MOREFRAG chains of buffer-sized fragments, as in C.
        uint bufferSize = t.Tx(0).BufferSize;
        int frags = 1, fragSize = size;
        if (fragSize > bufferSize)
        {
            fragSize = (int)bufferSize;
            frags = (size + fragSize - 1) / fragSize;
        }

        log.D("sender_body", $"frags {frags} frag_size {fragSize}");
        for (int k = 0; k < t.TxRingCount; k++)
        {
            Span<NetmapSlot> slots = t.Tx(k).Slots;
            for (int j = 0; j < slots.Length; j++)
            {
                slots[j].Flags = (ushort)NetmapSlotFlags.BufChanged; // so that the first use of each buffer writes it
            }
        }

        int tosend = 0;
        bool copyAll = o.CopyEveryPacket;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        while (!t.Cancel && (n == 0 || (ulong)sent < n))
        {
            if (o.Rate > 0 && tosend <= 0)
            {
                tosend = o.Burst;
                RateClock.WaitUntil(RateClock.Deadline(start, ++bursts, o.Burst, o.Rate), t);
            }

            TxPoll polled = TxLoop.Poll(t, log, "sender_body");
            if (polled == TxPoll.Stopped)
            {
                break;
            }

            if (polled == TxPoll.Failed)
            {
                return;
            }

            for (int k = 0; k < t.TxRingCount; k++)
            {
                if (n > 0 && (ulong)sent == n)
                {
                    break;
                }

                ulong limit = (ulong)(o.Rate > 0 ? tosend : o.Burst);
                if (n > 0 && n - (ulong)sent < limit)
                {
                    limit = n - (ulong)sent;
                }

                NetmapRing ring = t.Tx(k);
                if (ring.IsEmpty)
                {
                    continue;
                }

                if (o.MinPacketSize > 0)
                {
                    size = t.Packet.RandomSize();
                }

                int m = SendPackets(ring, size, frags, fragSize, (uint)limit, copyAll);
                sent += m;
                if (m > 0)
                {
                    events++;
                }

                bytes += (long)m * size;
                t.Publish(sent, bytes, events);
                if (o.Rate > 0)
                {
                    tosend -= m;
                    if (tosend <= 0)
                    {
                        break;
                    }
                }
            }
        }

        // As C, the final byte count is packets times the last size (the same as the sum unless sizes are random).
        TxLoop.Finish(t, log, _pending, "sender_body", allocated, sent, sent * size, events);
    }

    /// <summary>
    /// send_packets: up to <paramref name="count"/> packets from head; NS_REPORT on the last; when fewer fit, cur
    /// moves to tail so the next poll wakes only when netmap has freed slots. Returns the packets queued.
    /// </summary>
    private int SendPackets(NetmapRing ring, int size, int frags, int fragSize, uint count, bool copyAll)
    {
        uint head = ring.Head, last = head;
        uint n = ring.Space;
        Span<NetmapSlot> slots = ring.Slots;
        ReadOnlySpan<byte> frame = t.Packet.Frame[..size];
        int sent = 0;
        bool advance = t.Options.AddressesChange;
        for (; sent < count && n >= frags; sent++, n--)
        {
            ref NetmapSlot slot = ref slots[(int)head];
            bool changed = (slot.Flags & (ushort)NetmapSlotFlags.BufChanged) != 0;
            slot.Flags = 0;
            int tosend = size;
            if (frags > 1)
            {
                ReadOnlySpan<byte> rest = frame;
                for (int i = 0; i < frags - 1; i++)
                {
                    rest[..fragSize].CopyTo(ring.Buffer(slot.BufIdx));
                    slot.Len = (ushort)fragSize;
                    slot.Flags = (ushort)NetmapSlotFlags.MoreFragments;
                    rest = rest[fragSize..];
                    tosend -= fragSize;
                    head = ring.Next(head);
                    slot = ref slots[(int)head];
                }

                n -= (uint)(frags - 1);
                slot.Flags = 0;
                rest.CopyTo(ring.Buffer(slot.BufIdx));
                t.Packet.Advance();
            }
            else if (copyAll || changed)
            {
                frame.CopyTo(ring.Buffer(slot.BufIdx));
                if (advance)
                {
                    t.Packet.Advance(); // without ranges or -z/-Z the next address is this one: nothing to do
                }
            }

            slot.Len = (ushort)tosend;
            if (t.Options.Dump)
            {
                dump.Dump(ring, head, tosend);
            }

            last = head;
            head = ring.Next(head);
        }

        if (sent > 0)
        {
            slots[(int)last].Flags |= (ushort)NetmapSlotFlags.Report;
            ring.Head = head;
            ring.Cur = head;
        }

        if (sent < count)
        {
            ring.Cur = ring.Tail; // tell netmap we need more slots
        }

        return sent;
    }
}
