using System;
using System.Buffers.Binary;

namespace Netmap.Filters.Headers;

/// <summary>
/// In-place rewrites for filters that answer or bounce a frame (verdict Transmit): swap addresses, set TTL,
/// turn an echo request into a reply. Checksums are kept valid with RFC 1624 updates, never a full re-sum.
/// </summary>
/// <remarks>
/// Every method takes the layout parsed from the same frame and returns false, touching nothing, when the frame
/// does not have the header it needs (or the layout belongs to a frame of another length).
/// </remarks>
public static class PacketRewriter
{
    /// <summary>Swaps the Ethernet destination and source addresses.</summary>
    /// <param name="frame">The frame, writable.</param>
    /// <returns>False for runts.</returns>
    public static bool SwapMacs(Span<byte> frame)
    {
        if (frame.Length < EthernetHeader.Size)
        {
            return false;
        }

        Span<byte> tmp = stackalloc byte[6];
        frame[..6].CopyTo(tmp);
        frame.Slice(6, 6).CopyTo(frame);
        tmp.CopyTo(frame.Slice(6, 6));
        return true;
    }

    /// <summary>
    /// Swaps the IPv4 or IPv6 source and destination addresses. No checksum changes: the one's-complement sum
    /// (and so the IPv4 header and pseudo-header checksums) does not depend on the order of the words.
    /// </summary>
    /// <param name="frame">The frame, writable.</param>
    /// <param name="layout">Its layout.</param>
    /// <returns>False when the frame has no whole IP header.</returns>
    public static bool SwapIpAddresses(Span<byte> frame, in PacketLayout layout)
    {
        if (!HasIpHeader(frame, layout, out int l3))
        {
            return false;
        }

        (int source, int size) = layout.NetworkKind == NetworkKind.Ipv4 ? (12, 4) : (8, 16);
        Span<byte> tmp = stackalloc byte[16];
        Span<byte> a = frame.Slice(l3 + source, size);
        Span<byte> b = frame.Slice(l3 + source + size, size);
        a.CopyTo(tmp);
        b.CopyTo(a);
        tmp[..size].CopyTo(b);
        return true;
    }

    /// <summary>Sets the IPv4 TTL (updating the header checksum) or the IPv6 hop limit.</summary>
    /// <param name="frame">The frame, writable.</param>
    /// <param name="layout">Its layout.</param>
    /// <param name="ttl">The new TTL / hop limit.</param>
    /// <returns>False when the frame has no whole IP header.</returns>
    public static bool SetTtl(Span<byte> frame, in PacketLayout layout, byte ttl)
    {
        if (!HasIpHeader(frame, layout, out int l3))
        {
            return false;
        }

        if (layout.NetworkKind == NetworkKind.Ipv6)
        {
            frame[l3 + 7] = ttl;
            return true;
        }

        // TTL shares a 16-bit checksum word with the protocol byte.
        Span<byte> word = frame.Slice(l3 + 8, 2);
        ushort old = BinaryPrimitives.ReadUInt16BigEndian(word);
        word[0] = ttl;
        ushort updated = BinaryPrimitives.ReadUInt16BigEndian(word);
        Span<byte> checksum = frame.Slice(l3 + 10, 2);
        BinaryPrimitives.WriteUInt16BigEndian(
            checksum, Checksum.Update(BinaryPrimitives.ReadUInt16BigEndian(checksum), old, updated));
        return true;
    }

    /// <summary>
    /// Turns an ICMP echo request (type 8) or ICMPv6 echo request (type 128) into the matching reply in place:
    /// swaps MACs and IP addresses, changes the type and updates the ICMP checksum incrementally. The caller
    /// decides the TTL (see <see cref="SetTtl"/>).
    /// </summary>
    /// <param name="frame">The frame, writable.</param>
    /// <param name="layout">Its layout.</param>
    /// <returns>False, touching nothing, unless the frame is a well-formed, unfragmented echo request.</returns>
    public static bool EchoRequestToReply(Span<byte> frame, in PacketLayout layout)
    {
        if (!IsEchoRequest(frame, layout, out byte replyType))
        {
            return false;
        }

        Span<byte> icmp = frame.Slice(layout.TransportOffset, layout.TransportLength);
        ushort old = BinaryPrimitives.ReadUInt16BigEndian(icmp);
        icmp[0] = replyType;
        ushort updated = BinaryPrimitives.ReadUInt16BigEndian(icmp);
        BinaryPrimitives.WriteUInt16BigEndian(
            icmp.Slice(2, 2), Checksum.Update(BinaryPrimitives.ReadUInt16BigEndian(icmp.Slice(2, 2)), old, updated));
        SwapMacs(frame);
        SwapIpAddresses(frame, layout);
        return true;
    }

    /// <summary>True for a well-formed, unfragmented ICMP or ICMPv6 echo request.</summary>
    /// <param name="frame">The frame.</param>
    /// <param name="layout">Its layout.</param>
    /// <returns>Whether an echo responder may answer it.</returns>
    public static bool IsEchoRequest(ReadOnlySpan<byte> frame, in PacketLayout layout) => IsEchoRequest(frame, layout, out _);

    private static bool IsEchoRequest(ReadOnlySpan<byte> frame, in PacketLayout layout, out byte replyType)
    {
        replyType = 0;
        if (!layout.IsWellFormed || layout.IsFragment || !layout.HasTransportHeader
            || layout.FrameLength != frame.Length)
        {
            return false;
        }

        byte type = Bytes.U8(frame, layout.TransportOffset);
        if (layout.NetworkKind == NetworkKind.Ipv4 && layout.Protocol == IpProtocols.Icmp && type == IcmpHeader.EchoRequest)
        {
            replyType = IcmpHeader.EchoReply;
            return true;
        }

        if (layout.NetworkKind == NetworkKind.Ipv6 && layout.Protocol == IpProtocols.Icmpv6
            && type == IcmpHeader.V6EchoRequest)
        {
            replyType = IcmpHeader.V6EchoReply;
            return true;
        }

        return false;
    }

    private static bool HasIpHeader(ReadOnlySpan<byte> frame, in PacketLayout layout, out int l3)
    {
        l3 = layout.NetworkOffset;
        if (layout.FrameLength != frame.Length || l3 < 0)
        {
            return false;
        }

        ReadOnlySpan<byte> ip = frame[l3..];
        return layout.NetworkKind switch
        {
            NetworkKind.Ipv4 => Ipv4Header.TryRead(ip, out _),
            NetworkKind.Ipv6 => Ipv6Header.TryRead(ip, out _),
            _ => false,
        };
    }
}
