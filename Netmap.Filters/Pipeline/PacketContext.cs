using System;
using System.Diagnostics.CodeAnalysis;
using Netmap.Filters.Headers;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>
/// One packet as filters see it: the ring slot(s), the writable frame bytes, and the header layout parsed once
/// for the whole chain. Everything stays in the ring's buffer; nothing is copied. Filters get it by reference, and
/// <see cref="Parsed"/> is handed out by reference too, so reading headers copies nothing.
/// </summary>
public ref struct PacketContext
{
    private readonly Packet _packet;
    private readonly ParsedFrame _parsed;

    internal PacketContext(in Packet packet, Span<byte> frame, in PacketLayout layout)
    {
        _packet = packet;
        Frame = frame;
        _parsed = new ParsedFrame(frame, layout);
    }

    /// <summary>The packet in its ring (slots, flags, total length over fragments).</summary>
    public readonly Packet Packet => _packet;

    /// <summary>
    /// The frame bytes of the first slot, writable for filters that rewrite and Transmit. Headers always live here;
    /// only the payload of a multi-slot packet continues in further fragments.
    /// </summary>
    public Span<byte> Frame { get; }

    /// <summary>The frame with its header layout: views for Ethernet, VLAN, IPv4/IPv6, UDP, TCP, ICMP, ARP.</summary>
    [UnscopedRef]
    public readonly ref readonly ParsedFrame Parsed => ref _parsed;

    /// <summary>The offsets and facts the parser found.</summary>
    public readonly PacketLayout Layout => _parsed.Layout;

    /// <summary>The ring the packet arrived on.</summary>
    public readonly int RingId => _packet.RingId;
}
