using System;
using System.Buffers.Binary;

namespace Netmap.Benchmarks;

/// <summary>Ethernet/IPv4/UDP frames of 60 bytes (pkt-gen's default), half to port 4321.</summary>
internal static class BenchFrames
{
    public static byte[] Udp(ushort port)
    {
        var f = new byte[60];
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), 0x0800);
        f[14] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(16), 46);
        f[22] = 64;
        f[23] = 17;
        f[26] = 198; f[27] = 18; f[28] = 0; f[29] = 2;
        f[30] = 198; f[31] = 18; f[32] = 0; f[33] = 1;
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), 40000);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(36), port);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(38), 26);
        return f;
    }
}
