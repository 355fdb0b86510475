using System;

namespace Netmap.Filters.Headers;

/// <summary>
/// One allocation-free pass over a frame: Ethernet, a bounded VLAN stack, IPv4/IPv6 (with a bounded extension
/// header walk) or ARP, then the UDP/TCP/ICMP/ICMPv6 header. Never throws and never reads outside the span.
/// </summary>
public static class PacketParser
{
    /// <summary>Parses with <see cref="ParserLimits.Default"/>.</summary>
    /// <param name="frame">The frame, from the destination MAC to the end of the slot's data.</param>
    /// <returns>The frame with its layout.</returns>
    public static ParsedFrame Parse(ReadOnlySpan<byte> frame) => new(frame, ParseLayout(frame, ParserLimits.Default));

    /// <summary>Parses with explicit bounds.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="limits">VLAN and extension-header bounds.</param>
    /// <returns>The frame with its layout.</returns>
    public static ParsedFrame Parse(ReadOnlySpan<byte> frame, ParserLimits limits) => new(frame, ParseLayout(frame, limits));

    /// <summary>Parses and returns only the offsets, for callers that keep them beside a writable span.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="limits">VLAN and extension-header bounds.</param>
    /// <returns>The layout.</returns>
    public static PacketLayout ParseLayout(ReadOnlySpan<byte> frame, ParserLimits limits)
    {
        var layout = new PacketLayout { FrameLength = frame.Length, NetworkOffset = -1, TransportOffset = -1 };
        if (frame.Length < EthernetHeader.Size)
        {
            layout.Malformed = MalformedReason.Runt;
            return layout;
        }

        int typeOffset = 12;
        ushort etherType = Bytes.U16(frame, typeOffset);
        int vlans = 0;
        while (EtherTypes.IsVlanTag(etherType))
        {
            if (vlans >= limits.MaxVlanTags)
            {
                layout.VlanCount = vlans;
                layout.Malformed = MalformedReason.TooManyVlanTags;
                return layout;
            }

            if (frame.Length < typeOffset + 2 + VlanTag.Size)
            {
                layout.VlanCount = vlans;
                layout.Malformed = MalformedReason.TruncatedVlan;
                return layout;
            }

            typeOffset += VlanTag.Size;
            etherType = Bytes.U16(frame, typeOffset);
            vlans++;
        }

        int l3 = typeOffset + 2;
        layout.VlanCount = vlans;
        layout.EtherType = etherType;
        layout.NetworkOffset = l3;
        ReadOnlySpan<byte> network = frame[l3..];
        switch (etherType)
        {
            case EtherTypes.Ipv4:
                layout.NetworkKind = NetworkKind.Ipv4;
                ParseIpv4(frame, network, l3, ref layout);
                break;
            case EtherTypes.Ipv6:
                layout.NetworkKind = NetworkKind.Ipv6;
                ParseIpv6(frame, network, l3, limits, ref layout);
                break;
            case EtherTypes.Arp:
                layout.NetworkKind = NetworkKind.Arp;
                layout.NetworkLength = network.Length;
                if (!ArpHeader.TryRead(network, out _))
                {
                    layout.Malformed = MalformedReason.TruncatedArp;
                }

                break;
            default:
                layout.NetworkKind = NetworkKind.Other;
                layout.NetworkLength = network.Length;
                break;
        }

        return layout;
    }

    private static void ParseIpv4(ReadOnlySpan<byte> frame, ReadOnlySpan<byte> ip, int l3, ref PacketLayout layout)
    {
        if (ip.Length < Ipv4Header.MinimumSize)
        {
            layout.Malformed = MalformedReason.TruncatedIpHeader;
            return;
        }

        if (ip[0] >> 4 != 4)
        {
            layout.Malformed = MalformedReason.BadIpVersion;
            return;
        }

        int headerLength = (ip[0] & 0x0F) * 4;
        if (headerLength < Ipv4Header.MinimumSize || headerLength > ip.Length)
        {
            layout.Malformed = MalformedReason.BadIhl;
            return;
        }

        int totalLength = Bytes.U16(ip, 2);
        if (totalLength > ip.Length || totalLength < headerLength)
        {
            layout.Malformed = MalformedReason.IpTotalLengthMismatch;
            return;
        }

        layout.NetworkLength = totalLength;
        ushort flags = Bytes.U16(ip, 6);
        layout.MoreFragments = (flags & 0x2000) != 0;
        layout.FragmentOffset = (flags & 0x1FFF) * 8;
        layout.IsFragment = layout.MoreFragments || layout.FragmentOffset != 0;
        layout.Protocol = ip[9];
        if (layout.FragmentOffset != 0)
        {
            // Later fragments carry payload bytes where a port would be; reading them as a header is how
            // fragment-overlap attacks fool filters, so nothing above layer 3 is reported.
            return;
        }

        ParseTransport(frame, l3 + headerLength, totalLength - headerLength, ref layout);
    }

    private static void ParseIpv6(
        ReadOnlySpan<byte> frame, ReadOnlySpan<byte> ip, int l3, ParserLimits limits, ref PacketLayout layout)
    {
        if (ip.Length < Ipv6Header.Size)
        {
            layout.Malformed = MalformedReason.TruncatedIpHeader;
            return;
        }

        if (ip[0] >> 4 != 6)
        {
            layout.Malformed = MalformedReason.BadIpVersion;
            return;
        }

        int payloadLength = Bytes.U16(ip, 4);
        byte next = ip[6];
        if (payloadLength == 0 && next == IpProtocols.HopByHop)
        {
            // RFC 2675 jumbogram: the real length is in a hop-by-hop option; the slot length is the best bound.
            payloadLength = ip.Length - Ipv6Header.Size;
        }

        if (payloadLength > ip.Length - Ipv6Header.Size)
        {
            layout.Malformed = MalformedReason.BadIpv6PayloadLength;
            return;
        }

        layout.NetworkLength = Ipv6Header.Size + payloadLength;
        ReadOnlySpan<byte> payload = ip.Slice(Ipv6Header.Size, payloadLength);
        int offset = 0;
        int count = 0;
        while (Ipv6ExtensionHeader.IsExtension(next))
        {
            if (count >= limits.MaxExtensionHeaders)
            {
                layout.ExtensionHeaderCount = count;
                layout.Malformed = MalformedReason.TooManyExtensionHeaders;
                return;
            }

            if (!Ipv6ExtensionHeader.TryRead(next, payload[offset..], out Ipv6ExtensionHeader extension))
            {
                layout.ExtensionHeaderCount = count;
                layout.Malformed = MalformedReason.TruncatedExtensionHeader;
                return;
            }

            count++;
            offset += extension.Length;
            bool laterFragment = false;
            if (extension.Kind == IpProtocols.Fragment)
            {
                layout.IsFragment = true;
                layout.MoreFragments = extension.MoreFragments;
                layout.FragmentOffset = extension.FragmentOffset;
                laterFragment = extension.FragmentOffset != 0;
            }

            next = extension.NextHeader;
            if (laterFragment)
            {
                layout.ExtensionHeaderCount = count;
                layout.Protocol = next;
                return;
            }
        }

        layout.ExtensionHeaderCount = count;
        layout.Protocol = next;
        ParseTransport(frame, l3 + Ipv6Header.Size + offset, payloadLength - offset, ref layout);
    }

    private static void ParseTransport(ReadOnlySpan<byte> frame, int offset, int length, ref PacketLayout layout)
    {
        int minimum = layout.Protocol switch
        {
            IpProtocols.Udp => UdpHeader.Size,
            IpProtocols.Tcp => TcpHeader.MinimumSize,
            IpProtocols.Icmp => IcmpHeader.Size,
            IpProtocols.Icmpv6 => IcmpHeader.Size,
            _ => -1,
        };
        if (minimum < 0)
        {
            return;
        }

        if (length < minimum)
        {
            layout.Malformed = MalformedReason.TruncatedL4;
            return;
        }

        ReadOnlySpan<byte> segment = frame.Slice(offset, length);
        if (layout.Protocol == IpProtocols.Tcp)
        {
            int dataOffset = (segment[12] >> 4) * 4;
            if (dataOffset < TcpHeader.MinimumSize || dataOffset > length)
            {
                layout.Malformed = MalformedReason.BadL4Length;
                return;
            }
        }
        else if (layout.Protocol == IpProtocols.Udp && !layout.IsFragment)
        {
            // A fragment's UDP length covers the reassembled datagram, so it is only checked when unfragmented.
            int udpLength = Bytes.U16(segment, 4);
            bool jumbo = udpLength == 0 && layout.NetworkKind == NetworkKind.Ipv6;
            if (!jumbo && (udpLength < UdpHeader.Size || udpLength > length))
            {
                layout.Malformed = MalformedReason.BadL4Length;
                return;
            }
        }

        layout.TransportOffset = offset;
        layout.TransportLength = length;
        layout.HasTransportHeader = true;
    }
}
