using System;
using System.Diagnostics;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.Examples.Tests;

/// <summary>
/// Sequence-numbered frames through raw netmap rings, so a test can see what the bridge did to each slot: the
/// buffer index it arrived in, its length and every byte. Frame <c>seq</c> is 60 + seq % 1400 bytes long, starts
/// with seq (little-endian) and is filled with a pattern derived from seq.
/// </summary>
internal static class PipeTraffic
{
    public static int Length(int seq) => 60 + (seq % 1400);

    public static byte Pattern(int seq, int i) => (byte)((seq * 31) + i);

    /// <summary>Sends <paramref name="count"/> frames on TX ring 0; returns the buffer index each one left in.</summary>
    public static uint[] Send(NetmapPort port, int count, TimeSpan timeout)
    {
        var sentIn = new uint[count];
        var clock = Stopwatch.StartNew();
        NetmapRing ring = port.Descriptor.Interface.TxRing(0);
        int seq = 0;
        while (seq < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"sent only {seq} of {count} frames");
            }

            if (ring.Space == 0)
            {
                port.Poll(PollEvents.Out, 200);
                continue;
            }

            uint head = ring.Head;
            while (seq < count && ring.Space > 0)
            {
                ref NetmapSlot slot = ref ring.Slot(head);
                Span<byte> buffer = ring.Buffer(slot.BufIdx);
                int length = Length(seq);
                BitConverter.TryWriteBytes(buffer, seq);
                for (int i = 4; i < length; i++)
                {
                    buffer[i] = Pattern(seq, i);
                }

                slot.Len = (ushort)length;
                slot.Flags = (ushort)(slot.Flags & ~(ushort)NetmapSlotFlags.MoreFragments);
                sentIn[seq++] = slot.BufIdx;
                head = ring.Next(head);
                ring.Head = head;
                ring.Cur = head;
            }

            port.TxSync();
        }

        return sentIn;
    }

    /// <summary>
    /// Receives <paramref name="count"/> frames on RX ring 0 and checks order, length and bytes; returns the buffer
    /// index each arrived in, or throws with the first difference.
    /// </summary>
    public static uint[] Receive(NetmapPort port, int count, TimeSpan timeout)
    {
        var arrivedIn = new uint[count];
        var clock = Stopwatch.StartNew();
        NetmapRing ring = port.Descriptor.Interface.RxRing(0);
        int seq = 0;
        while (seq < count)
        {
            if (clock.Elapsed > timeout)
            {
                throw new TimeoutException($"received only {seq} of {count} frames");
            }

            if (ring.IsEmpty)
            {
                port.Poll(PollEvents.In, 200);
                continue;
            }

            uint head = ring.Head;
            while (head != ring.Tail)
            {
                ref NetmapSlot slot = ref ring.Slot(head);
                Check(seq, count, slot, ring.Buffer(slot.BufIdx));
                arrivedIn[seq++] = slot.BufIdx;
                head = ring.Next(head);
            }

            ring.Head = head;
            ring.Cur = head;
        }

        // Anything beyond count would be a duplicate.
        port.Poll(PollEvents.In, 300);
        if (!ring.IsEmpty)
        {
            throw new InvalidOperationException($"{ring.Space} frames arrived beyond the {count} sent");
        }

        return arrivedIn;
    }

    private static void Check(int seq, int count, in NetmapSlot slot, Span<byte> buffer)
    {
        if (seq >= count)
        {
            throw new InvalidOperationException($"more than {count} frames arrived");
        }

        int got = BitConverter.ToInt32(buffer);
        if (got != seq)
        {
            throw new InvalidOperationException($"frame {seq} expected, frame {got} arrived (order or loss)");
        }

        if (slot.Len != Length(seq) || (slot.Flags & (ushort)NetmapSlotFlags.MoreFragments) != 0)
        {
            throw new InvalidOperationException($"frame {seq}: len {slot.Len} flags {slot.Flags:x}, expected len {Length(seq)}");
        }

        for (int i = 4; i < slot.Len; i++)
        {
            if (buffer[i] != Pattern(seq, i))
            {
                throw new InvalidOperationException($"frame {seq}: byte {i} is {buffer[i]}, expected {Pattern(seq, i)}");
            }
        }
    }
}
