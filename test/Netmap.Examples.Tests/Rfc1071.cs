using System;
using System.Buffers.Binary;

namespace Netmap.Examples.Tests;

/// <summary>
/// An Internet checksum written for the tests alone (RFC 1071, byte by byte, no shared code with pkt-gen), so
/// frame checks do not trust the implementation's own sum.
/// </summary>
internal static class Rfc1071
{
    /// <summary>The checksum of <paramref name="data"/> after the 16-bit words of <paramref name="prefix"/>.</summary>
    public static ushort Checksum(ReadOnlySpan<byte> data, ReadOnlySpan<byte> prefix = default)
    {
        long sum = 0;
        foreach (ReadOnlySpan<byte> part in new[] { prefix.ToArray(), data.ToArray() })
        {
            for (int i = 0; i < part.Length; i += 2)
            {
                int hi = part[i];
                int lo = i + 1 < part.Length ? part[i + 1] : 0;
                sum += (hi * 256) + lo;
            }
        }

        while ((sum >> 16) != 0)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)(~sum & 0xffff);
    }

    /// <summary>True when the IPv4 header checksum of an Ethernet frame verifies.</summary>
    public static bool IpHeaderValid(ReadOnlySpan<byte> frame) => Checksum(frame.Slice(14, (frame[14] & 0xf) * 4)) == 0;

    /// <summary>
    /// The UDP checksum the frame should carry, computed over the pseudo header and the datagram with its checksum
    /// field taken as zero (0 when the sum is 0, as pkt-gen sends it).
    /// </summary>
    public static ushort UdpChecksum(ReadOnlySpan<byte> frame)
    {
        int udpLength = BinaryPrimitives.ReadUInt16BigEndian(frame[38..]);
        byte[] pseudo = new byte[12];
        frame.Slice(26, 8).CopyTo(pseudo);
        pseudo[9] = 17;
        BinaryPrimitives.WriteUInt16BigEndian(pseudo.AsSpan(10), (ushort)udpLength);
        byte[] udp = frame.Slice(34, udpLength).ToArray();
        udp[6] = udp[7] = 0;
        return Checksum(udp, pseudo);
    }
}
