using System;
using System.Buffers.Binary;

namespace Netmap.Drop;

/// <summary>The demo's traffic: the seed's flood (UDP to 198.18.0.1:4321) with one legitimate packet in ten.</summary>
internal static class DemoTraffic
{
    public static byte[] Udp(ushort port)
    {
        var f = new byte[60];
        f.AsSpan(0, 6).Fill(0x02);
        f.AsSpan(6, 6).Fill(0x04);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        f[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 46);
        f[22] = 64;
        f[23] = 17;
        f[26] = 198; f[27] = 18; f[28] = 0; f[29] = 2;
        f[30] = 198; f[31] = 18; f[32] = 0; f[33] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(24), IpChecksum(f.AsSpan(14, 20)));
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), port);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(38), 26);
        return f;
    }

    private static ushort IpChecksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
