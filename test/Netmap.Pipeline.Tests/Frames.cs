using System;
using System.Buffers.Binary;

namespace Netmap.Pipeline.Tests;

/// <summary>Valid Ethernet/IPv4/UDP frames with checksums, and a sequence number in the payload.</summary>
internal static class Frames
{
    public static byte[] Udp(ushort destinationPort, uint sequence = 0, int payload = 18)
    {
        var f = new byte[14 + 20 + 8 + payload];
        f.AsSpan(0, 6).Fill(0x02);
        f.AsSpan(6, 6).Fill(0x04);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        Span<byte> ip = f.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload));
        ip[8] = 64;
        ip[9] = 17;
        ip[12] = 198; ip[13] = 18; ip[14] = 0; ip[15] = 2;
        ip[16] = 198; ip[17] = 18; ip[18] = 0; ip[19] = 1;
        ushort sum = 0;
        uint acc = 0;
        for (int i = 0; i < 20; i += 2)
        {
            acc += BinaryPrimitives.ReadUInt16BigEndian(ip[i..]);
        }

        while (acc > 0xffff)
        {
            acc = (acc & 0xffff) + (acc >> 16);
        }

        sum = (ushort)~acc;
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], sum);
        Span<byte> udp = f.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, 40000);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload));
        BinaryPrimitives.WriteUInt32BigEndian(f.AsSpan(42), sequence);
        return f;
    }

    public static uint Sequence(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt32BigEndian(frame[42..]);

    public static ushort DestinationPort(ReadOnlySpan<byte> frame) => BinaryPrimitives.ReadUInt16BigEndian(frame[36..]);
}
