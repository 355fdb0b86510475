using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Numerics;
using System.Text;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's <c>ping_body</c> and <c>pong_body</c>. ping sends a burst (1 by default) with a counter at offset
/// 42 and the send time (seconds, nanoseconds) at 46, then poll(POLLIN, 3 s) — which also transmits — and times
/// what comes back: every second <c>count N RTT: min X av Y ns</c> and a log2 histogram, at the end
/// <c>RTT over N packets: …</c>. pong copies each received frame to the TX ring with MACs (and IPv4 addresses)
/// swapped. Counters and timestamps are little-endian, as the C structs on x86.
/// </summary>
internal sealed class PingPongBody(PktGenThread t, PktGenLog log)
{
    /// <summary>ping_body.</summary>
    public void RunPing()
    {
        PktGenOptions o = t.Options;
        if (o.Threads > 1)
        {
            log.D("ping_body", "can only ping with 1 thread");
            t.Used = false;
            return;
        }

        ulong n = o.Packets, sent = 0, count = 0, min = ulong.MaxValue, av = 0, globalMin = ulong.MaxValue, globalAv = 0;
        long events = 0;
        int size = o.PacketSize;
        var buckets = new ulong[64];
        DateTime lastPrint = DateTime.UtcNow, now = lastPrint;
        long bursts = 0; // paced bursts so far (RateClock.Deadline)
        int tosend = 0;
        if (o.Rate > 0)
        {
            t.Tic = RateClock.PacedStart(now);
            RateClock.WaitUntil(t.Tic, t);
        }

        while (!t.Cancel && (n == 0 || sent < n))
        {
            NetmapRing ring = t.Tx(0);
            if (o.Rate > 0 && tosend <= 0)
            {
                tosend = o.Burst;
                RateClock.WaitUntil(RateClock.Deadline(t.Tic, ++bursts, o.Burst, o.Rate), t);
            }

            ulong limit = (ulong)(o.Rate > 0 ? tosend : o.Burst);
            if (n > 0 && n - sent < limit)
            {
                limit = n - sent;
            }

            int m = 0;
            for (; (ulong)m < limit; m++)
            {
                if (ring.IsEmpty)
                {
                    log.D("ping_body", "-- ouch, cannot send");
                    break;
                }

                ref NetmapSlot slot = ref ring.Slot(ring.Head);
                slot.Len = (ushort)size;
                Span<byte> p = ring.Buffer(slot.BufIdx);
                t.Packet.Frame.CopyTo(p);
                long ticks = DateTime.UtcNow.Ticks - DateTime.UnixEpoch.Ticks;
                BinaryPrimitives.WriteUInt32LittleEndian(p[42..], (uint)sent);
                BinaryPrimitives.WriteUInt32LittleEndian(p[46..], (uint)(ticks / TimeSpan.TicksPerSecond));
                BinaryPrimitives.WriteUInt32LittleEndian(p[50..], (uint)(ticks % TimeSpan.TicksPerSecond * 100));
                sent++;
                uint head = ring.Next(ring.Head);
                ring.Head = head;
                ring.Cur = head;
            }

            if (m > 0)
            {
                events++;
            }

            t.Publish((long)sent, (long)sent * size, events);
            if (o.Rate > 0)
            {
                tosend -= m;
            }

            int rv = t.Poll(PollEvents.In, 3000, out _);
            if (rv <= 0)
            {
                if (rv == 0)
                {
                    log.D("ping_body", $"poll error on queue {t.Me}: timeout");
                }

                continue;
            }

            for (int k = 0; k < t.RxRingCount; k++)
            {
                NetmapRing rx = t.Rx(k);
                while (!rx.IsEmpty)
                {
                    ref NetmapSlot slot = ref rx.Slot(rx.Head);
                    ReadOnlySpan<byte> p = rx.Buffer(slot.BufIdx);
                    now = DateTime.UtcNow;
                    long nowNs = (now.Ticks - DateTime.UnixEpoch.Ticks) * 100;
                    long sentNs = BinaryPrimitives.ReadUInt32LittleEndian(p[46..]) * 1_000_000_000L + BinaryPrimitives.ReadUInt32LittleEndian(p[50..]);
                    ulong rtt = (ulong)Math.Max(0, nowNs - sentNs);
                    min = Math.Min(min, rtt);
                    count++;
                    av += rtt;
                    buckets[rtt == 0 ? 0 : 63 - BitOperations.LeadingZeroCount(rtt)]++;
                    uint head = rx.Next(rx.Head);
                    rx.Head = head;
                    rx.Cur = head;
                }
            }

            if (now - lastPrint >= TimeSpan.FromSeconds(1))
            {
                log.D("ping_body", $"count {(int)count} RTT: min {(int)min} av {(int)(av / count)} ns");
                Histogram(buckets);
                Array.Clear(buckets);
                count = 0;
                globalAv += av;
                av = 0;
                globalMin = Math.Min(globalMin, min);
                min = ulong.MaxValue;
                lastPrint = now;
            }
        }

        if (sent > 0)
        {
            // As C: the minimum and average of completed seconds only (0xffffffff as int is -1 if none completed).
            log.D("ping_body", $"RTT over {sent} packets: min {(int)globalMin} av {(int)((double)globalAv / sent)} ns");
        }

        t.Completed = true;
        t.Used = false;
    }

    /// <summary>pong_body.</summary>
    public void RunPong()
    {
        PktGenOptions o = t.Options;
        if (o.Threads > 1)
        {
            log.D("pong_body", "can only reply ping with 1 thread");
            t.Used = false;
            return;
        }

        ulong n = o.Packets, sent = 0;
        if (n > 0)
        {
            log.D("pong_body", $"understood ponger {n} but don't know how to do it");
        }

        while (!t.Cancel && (n == 0 || sent < n))
        {
            int rv = t.Poll(PollEvents.In, 1000, out _);
            if (rv <= 0)
            {
                if (rv == 0)
                {
                    log.D("pong_body", $"poll error on queue {t.Me}: timeout");
                }

                continue;
            }

            NetmapRing tx = t.Tx(0);
            uint txHead = tx.Head, txAvail = tx.Space;
            for (int k = 0; k < t.RxRingCount; k++)
            {
                NetmapRing rx = t.Rx(k);
                while (!rx.IsEmpty)
                {
                    uint head = rx.Head;
                    ref NetmapSlot slot = ref rx.Slot(head);
                    rx.Head = rx.Cur = rx.Next(head);
                    if (txAvail == 0)
                    {
                        continue;
                    }

                    // As C, the swaps work on whole buffers, whatever the frame's length: a frame shorter than
                    // its headers goes back with what the swaps put there, and only its len bytes are sent.
                    ReadOnlySpan<byte> src = rx.Buffer(slot.BufIdx);
                    ref NetmapSlot out_ = ref tx.Slot(txHead);
                    Span<byte> dst = tx.Buffer(out_.BufIdx);
                    ushort len = (ushort)Math.Min(slot.Len, Math.Min(src.Length, dst.Length));
                    src[..len].CopyTo(dst);
                    src[6..12].CopyTo(dst);
                    src[..6].CopyTo(dst[6..]);
                    if (src[12] == 0x08 && src[13] == 0x00)
                    {
                        src[30..34].CopyTo(dst[26..]);
                        src[26..30].CopyTo(dst[30..]);
                    }

                    out_.Len = len;
                    txHead = tx.Next(txHead);
                    txAvail--;
                    sent++;
                }
            }

            tx.Head = tx.Cur = txHead;
            t.Publish((long)sent, 0, 0);
        }

        t.Completed = true;
        t.Used = false;
    }

    // ping's per-second histogram: bucket counts from the lowest to the highest non-empty power of two.
    private void Histogram(ulong[] buckets)
    {
        int kmin = 0;
        while (kmin < 64 && buckets[kmin] == 0)
        {
            kmin++;
        }

        int k = 63;
        while (k >= kmin && buckets[k] == 0)
        {
            k--;
        }

        var text = new StringBuilder();
        for (int j = kmin; j <= k; j++)
        {
            text.Append(CultureInfo.InvariantCulture, $" {(int)buckets[j],5}");
        }

        log.D("ping_body", string.Create(CultureInfo.InvariantCulture, $"k: {1 << kmin} .. {1 << k}\n\t{text}"));
    }
}
