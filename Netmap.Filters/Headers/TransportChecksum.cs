using System;
using System.Buffers.Binary;

namespace Netmap.Filters.Headers;

/// <summary>
/// The UDP, TCP, ICMP and ICMPv6 checksum of a parsed frame, pseudo-header included, for filters that verify
/// what they trust or rebuild a segment they changed beyond what an incremental update covers.
/// </summary>
public static class TransportChecksum
{
    /// <summary>Verifies the transport checksum of an unfragmented, well-formed frame.</summary>
    /// <param name="frame">A parsed frame.</param>
    /// <param name="valid">Whether the stored checksum verifies (an IPv4 UDP checksum of 0, "not computed", counts as valid).</param>
    /// <returns>False when there is nothing to verify: a fragment, a malformed frame, or another protocol.</returns>
    public static bool TryVerify(in ParsedFrame frame, out bool valid)
    {
        valid = false;
        if (!TryLocate(frame.Frame, frame.Layout, out int checksumAt, out ulong pseudo))
        {
            return false;
        }

        ReadOnlySpan<byte> segment = frame.Transport;
        if (frame.Layout.Protocol == IpProtocols.Udp && frame.Layout.NetworkKind == NetworkKind.Ipv4
            && BinaryPrimitives.ReadUInt16BigEndian(segment[checksumAt..]) == 0)
        {
            valid = true;
            return true;
        }

        valid = Checksum.IsValid(segment, pseudo);
        return true;
    }

    /// <summary>Recomputes and stores the transport checksum of an unfragmented, well-formed frame.</summary>
    /// <param name="frame">The frame, writable.</param>
    /// <param name="layout">Its layout.</param>
    /// <returns>False, touching nothing, when there is no checksum to compute.</returns>
    public static bool TryRecompute(Span<byte> frame, in PacketLayout layout)
    {
        if (!TryLocate(frame, layout, out int checksumAt, out ulong pseudo))
        {
            return false;
        }

        Span<byte> segment = frame.Slice(layout.TransportOffset, layout.TransportLength);
        segment.Slice(checksumAt, 2).Clear();
        ushort value = Checksum.Compute(segment, pseudo);
        if (layout.Protocol == IpProtocols.Udp && value == 0)
        {
            // RFC 768: a computed zero is sent as all ones, since zero means "no checksum".
            value = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(segment[checksumAt..], value);
        return true;
    }

    private static bool TryLocate(ReadOnlySpan<byte> frame, in PacketLayout layout, out int checksumAt, out ulong pseudo)
    {
        checksumAt = 0;
        pseudo = 0;
        if (!layout.IsWellFormed || layout.IsFragment || !layout.HasTransportHeader || layout.FrameLength != frame.Length)
        {
            return false;
        }

        bool v6 = layout.NetworkKind == NetworkKind.Ipv6;
        checksumAt = layout.Protocol switch
        {
            IpProtocols.Udp => 6,
            IpProtocols.Tcp => 16,
            IpProtocols.Icmp when !v6 => 2,
            IpProtocols.Icmpv6 when v6 => 2,
            _ => -1,
        };
        if (checksumAt < 0)
        {
            return false;
        }

        int l3 = layout.NetworkOffset;
        int length = layout.TransportLength;
        if (layout.Protocol == IpProtocols.Icmp)
        {
            return true; // ICMP for IPv4 has no pseudo-header
        }

        // RFC 8200 §8.1: with a routing header the pseudo-header's destination is the final one; the parser does
        // not read routing segments, so the header's destination is used and routed packets may not verify.
        pseudo = v6
            ? Checksum.PseudoHeaderIpv6(frame.Slice(l3 + 8, 16), frame.Slice(l3 + 24, 16), layout.Protocol, length)
            : Checksum.PseudoHeaderIpv4(frame.Slice(l3 + 12, 4), frame.Slice(l3 + 16, 4), layout.Protocol, length);
        return true;
    }
}
