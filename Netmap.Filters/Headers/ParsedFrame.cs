using System;

namespace Netmap.Filters.Headers;

/// <summary>
/// A frame together with the layout <see cref="PacketParser"/> found in it; hands out header views without
/// re-parsing. Every accessor is safe on malformed frames: a view is offered only when its header is whole.
/// </summary>
public readonly ref struct ParsedFrame
{
    // A field, read in place: the layout is a 56-byte struct, and a property returns a copy of it at every use.
    private readonly PacketLayout _layout;

    internal ParsedFrame(ReadOnlySpan<byte> frame, scoped in PacketLayout layout)
    {
        Frame = frame;
        _layout = layout;
    }

    /// <summary>The frame that was parsed.</summary>
    public ReadOnlySpan<byte> Frame { get; }

    /// <summary>The offsets and facts found.</summary>
    public PacketLayout Layout => _layout;

    /// <summary>Shortcut for <see cref="PacketLayout.Malformed"/>.</summary>
    public MalformedReason Malformed => _layout.Malformed;

    /// <summary>The Ethernet header, unless the frame is a runt.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetEthernet(out EthernetHeader header) => EthernetHeader.TryRead(Frame, out header);

    /// <summary>The IPv4 header when the network layer is IPv4 and its header (options included) is whole.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetIpv4(out Ipv4Header header)
    {
        header = default;
        return _layout.NetworkKind == NetworkKind.Ipv4 && Ipv4Header.TryRead(Frame[_layout.NetworkOffset..], out header);
    }

    /// <summary>The IPv6 fixed header when the network layer is IPv6 and the header is whole.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetIpv6(out Ipv6Header header)
    {
        header = default;
        return _layout.NetworkKind == NetworkKind.Ipv6 && Ipv6Header.TryRead(Frame[_layout.NetworkOffset..], out header);
    }

    /// <summary>The ARP packet when the network layer is ARP and it is whole.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetArp(out ArpHeader header)
    {
        header = default;
        return _layout.NetworkKind == NetworkKind.Arp && ArpHeader.TryRead(Frame[_layout.NetworkOffset..], out header);
    }

    /// <summary>The UDP header when the parser found one whole.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetUdp(out UdpHeader header)
    {
        header = default;
        return _layout.HasTransportHeader && _layout.Protocol == IpProtocols.Udp && UdpHeader.TryRead(Transport, out header);
    }

    /// <summary>The TCP header when the parser found one whole.</summary>
    /// <param name="header">The view.</param>
    /// <returns>Whether the header is present.</returns>
    public bool TryGetTcp(out TcpHeader header)
    {
        header = default;
        return _layout.HasTransportHeader && _layout.Protocol == IpProtocols.Tcp && TcpHeader.TryRead(Transport, out header);
    }

    /// <summary>The ICMP (IPv4) message when the parser found one whole.</summary>
    /// <param name="header">The view over the whole ICMP message.</param>
    /// <returns>Whether the message is present.</returns>
    public bool TryGetIcmp(out IcmpHeader header)
    {
        header = default;
        return _layout.HasTransportHeader && _layout.NetworkKind == NetworkKind.Ipv4
            && _layout.Protocol == IpProtocols.Icmp && IcmpHeader.TryRead(Transport, out header);
    }

    /// <summary>The ICMPv6 message when the parser found one whole.</summary>
    /// <param name="header">The view over the whole ICMPv6 message.</param>
    /// <returns>Whether the message is present.</returns>
    public bool TryGetIcmpv6(out IcmpHeader header)
    {
        header = default;
        return _layout.HasTransportHeader && _layout.NetworkKind == NetworkKind.Ipv6
            && _layout.Protocol == IpProtocols.Icmpv6 && IcmpHeader.TryRead(Transport, out header);
    }

    /// <summary>The upper-layer segment inside the IP packet (padding excluded), or empty.</summary>
    public ReadOnlySpan<byte> Transport =>
        _layout.TransportOffset < 0 ? ReadOnlySpan<byte>.Empty : Bytes.Slice(Frame, _layout.TransportOffset, _layout.TransportLength);

    /// <summary>The IP source address (4 or 16 bytes), or empty when the frame has no IP header.</summary>
    public ReadOnlySpan<byte> SourceAddress => Address(12, 8);

    /// <summary>The IP destination address (4 or 16 bytes), or empty when the frame has no IP header.</summary>
    public ReadOnlySpan<byte> DestinationAddress => Address(16, 24);

    /// <summary>The transport destination port for UDP/TCP, or -1.</summary>
    public int DestinationPort =>
        _layout.HasTransportHeader && _layout.Protocol is IpProtocols.Udp or IpProtocols.Tcp ? Bytes.U16(Transport, 2) : -1;

    /// <summary>The transport source port for UDP/TCP, or -1.</summary>
    public int SourcePort =>
        _layout.HasTransportHeader && _layout.Protocol is IpProtocols.Udp or IpProtocols.Tcp ? Bytes.U16(Transport, 0) : -1;

    private ReadOnlySpan<byte> Address(int ipv4Offset, int ipv6Offset)
    {
        // Addresses are offered only once the IP header itself passed its checks, so nobody matches on garbage;
        // problems found further up (extension headers, transport) leave the addresses trustworthy.
        bool headerTrusted = _layout.Malformed is MalformedReason.None or MalformedReason.TruncatedL4
            or MalformedReason.BadL4Length or MalformedReason.TruncatedExtensionHeader
            or MalformedReason.TooManyExtensionHeaders;
        if (!headerTrusted)
        {
            return ReadOnlySpan<byte>.Empty;
        }

        return _layout.NetworkKind switch
        {
            NetworkKind.Ipv4 => Bytes.Slice(Frame, _layout.NetworkOffset + ipv4Offset, 4),
            NetworkKind.Ipv6 => Bytes.Slice(Frame, _layout.NetworkOffset + ipv6Offset, 16),
            _ => ReadOnlySpan<byte>.Empty,
        };
    }
}
