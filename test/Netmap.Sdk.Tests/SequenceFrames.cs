using System;
using System.Buffers.Binary;

namespace Netmap.Sdk.Tests;

/// <summary>Frames carrying a 32-bit sequence number at offset 42 (pkt-gen's txseq place) and a checkable payload.</summary>
internal static class SequenceFrames
{
    public static void Write(Span<byte> frame, uint sequence)
    {
        for (int i = 0; i < frame.Length; i++)
        {
            frame[i] = (byte)(sequence * 31 + i);
        }

        BinaryPrimitives.WriteUInt32BigEndian(frame.Slice(42, 4), sequence);
    }

    public static uint Read(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt32BigEndian(frame.Slice(42, 4));

    public static bool IsIntact(ReadOnlySpan<byte> frame)
    {
        uint sequence = Read(frame);
        for (int i = 0; i < frame.Length; i++)
        {
            if (i is >= 42 and < 46)
            {
                continue;
            }

            if (frame[i] != (byte)(sequence * 31 + i))
            {
                return false;
            }
        }

        return true;
    }
}
