using System;
using System.Buffers.Binary;
using Netmap.Interop;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Sequenced test packets: a 4-byte big-endian sequence number, then bytes derived from it.</summary>
internal static class Packet
{
    public static int Length(int seq) => 4 + (seq % 97);

    /// <summary>Fills TX slot head and advances head and cur.</summary>
    public static void Write(NetmapRing tx, int seq)
    {
        uint h = tx.Head;
        ref NetmapSlot slot = ref tx.Slot(h);
        Span<byte> buf = tx.Buffer(slot.BufIdx);
        BinaryPrimitives.WriteInt32BigEndian(buf, seq);
        for (int i = 4; i < Length(seq); i++)
        {
            buf[i] = (byte)(seq ^ i);
        }

        slot.Len = (ushort)Length(seq);
        slot.Flags = 0;
        tx.Head = tx.Cur = tx.Next(h);
    }

    /// <summary>The sequence number of RX slot head if its bytes are intact, else -1; advances head and cur.</summary>
    public static int Read(NetmapRing rx)
    {
        uint h = rx.Head;
        Span<byte> data = rx.SlotData(h);
        rx.Head = rx.Cur = rx.Next(h);
        if (data.Length < 4)
        {
            return -1;
        }

        int seq = BinaryPrimitives.ReadInt32BigEndian(data);
        if (data.Length != Length(seq))
        {
            return -1;
        }

        for (int i = 4; i < data.Length; i++)
        {
            if (data[i] != (byte)(seq ^ i))
            {
                return -1;
            }
        }

        return seq;
    }
}
