using System;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>txseq_body</c>: like tx, but on the first TX ring only and writing every frame, each with the next
/// 32-bit sequence number (big-endian) at the UDP payload, so rxseq can find losses. As in C, -n is ignored: it
/// runs until stopped. Nothing here allocates.
/// </summary>
internal sealed class TxSeqBody(PktGenThread t, PktGenLog log, TextSink dump)
{
    private readonly RateLimit _pending = new(5);

    /// <summary>txseq_body.</summary>
    public void RunTxSeq()
    {
        PktGenOptions o = t.Options;
        long sent = 0, events = 0;
        int size = o.PacketSize;
        uint sequence = 0;
        if (o.Threads > 1)
        {
            log.D("txseq_body", "can only txseq ping with 1 thread");
            t.Used = false; // C leaves it set and its main thread never ends; here the run ends with an error
            return;
        }

        if (o.Packets > 0)
        {
            log.D("txseq_body", "Ignoring -n argument");
        }

        log.D("txseq_body", $"start, fd {t.Fd} main_fd {t.MainFd}");
        if (!t.SetAffinity(log))
        {
            t.Used = false;
            return;
        }

        if (t.TxRingCount == 0 || size > t.Tx(0).BufferSize)
        {
            log.D("txseq_body", t.TxRingCount == 0 ? $"no TX rings bound on {t.Port.Name}" : $"frame of {size} bytes does not fit a {t.Tx(0).BufferSize}-byte buffer");
            t.Used = false;
            return;
        }

        long bursts = 0; // paced bursts so far: burst n is due at start + n periods (RateClock.Deadline)
        DateTime start = TxLoop.Start(t);

        int budget = 0;
        // Without ranges or -z/-Z the addresses never move: only the sequence (and its checksum) changes.
        bool advance = o.AddressesChange;
        long allocated = GC.GetAllocatedBytesForCurrentThread();
        while (!t.Cancel)
        {
            if (o.Rate <= 0)
            {
                budget = o.Burst;
            }
            else if (budget <= 0)
            {
                budget = o.Burst;
                RateClock.WaitUntil(RateClock.Deadline(start, ++bursts, o.Burst, o.Rate), t);
            }

            TxPoll polled = TxLoop.Poll(t, log, "txseq_body");
            if (polled == TxPoll.Stopped)
            {
                break;
            }

            if (polled == TxPoll.Failed)
            {
                return;
            }

            NetmapRing ring = t.Tx(0);
            uint space = ring.Space;
            if (space == 0)
            {
                continue;
            }

            long limit = sent + Math.Min(budget, space);
            uint head = ring.Head;
            Span<NetmapSlot> slots = ring.Slots;
            for (; sent < limit; sent++, sequence++)
            {
                ref NetmapSlot slot = ref slots[(int)head];
                t.Packet.SetSequence(sequence); // also fixes the UDP checksum for the new number
                t.Packet.Frame.CopyTo(ring.Buffer(slot.BufIdx));
                if (advance)
                {
                    t.Packet.Advance();
                }
                if (t.Options.Dump)
                {
                    dump.Dump(ring, head, size);
                }

                slot.Len = (ushort)size;
                slot.Flags = sent == limit - 1 ? (ushort)NetmapSlotFlags.Report : (ushort)0;
                head = ring.Next(head);
                if (o.Rate > 0)
                {
                    budget--;
                }
            }

            ring.Head = head;
            ring.Cur = head;
            events++;
            t.Publish(sent, sent * size, events);
        }

        TxLoop.Finish(t, log, _pending, "txseq_body", allocated, sent, sent * size, events);
    }
}
