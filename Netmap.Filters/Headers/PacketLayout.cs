namespace Netmap.Filters.Headers;

/// <summary>
/// Offsets and facts found by one pass of <see cref="PacketParser"/>. A plain struct, so it can be kept beside a
/// slot and reused with a writable span of the same frame (see <see cref="PacketRewriter"/>).
/// </summary>
/// <remarks>Offsets are from the start of the frame; -1 means "not present".</remarks>
public struct PacketLayout
{
    /// <summary>The first problem found, or <see cref="MalformedReason.None"/>.</summary>
    public MalformedReason Malformed { get; internal set; }

    /// <summary>Length of the frame that was parsed.</summary>
    public int FrameLength { get; internal set; }

    /// <summary>Number of VLAN tags walked.</summary>
    public int VlanCount { get; internal set; }

    /// <summary>The EtherType after the VLAN stack (0 when not reached).</summary>
    public ushort EtherType { get; internal set; }

    /// <summary>What the network layer is.</summary>
    public NetworkKind NetworkKind { get; internal set; }

    /// <summary>Offset of the network header (after Ethernet and VLAN tags), or -1.</summary>
    public int NetworkOffset { get; internal set; }

    /// <summary>
    /// Length of the network packet by its own length field (IPv4 total length, 40 + IPv6 payload length), which
    /// excludes Ethernet padding; for ARP and other kinds, the bytes after the L2 headers.
    /// </summary>
    public int NetworkLength { get; internal set; }

    /// <summary>Number of IPv6 extension headers walked.</summary>
    public int ExtensionHeaderCount { get; internal set; }

    /// <summary>The upper-layer protocol (IPv4 protocol, or IPv6 next header after the extension headers).</summary>
    public byte Protocol { get; internal set; }

    /// <summary>Offset of the upper-layer header, or -1 when absent (non-first fragment, unknown layer 3).</summary>
    public int TransportOffset { get; internal set; }

    /// <summary>Bytes of the upper-layer segment inside the IP packet (0 when absent).</summary>
    public int TransportLength { get; internal set; }

    /// <summary>True when a UDP, TCP, ICMP or ICMPv6 header was found whole at <see cref="TransportOffset"/>.</summary>
    public bool HasTransportHeader { get; internal set; }

    /// <summary>True for any IPv4 or IPv6 fragment (first or later).</summary>
    public bool IsFragment { get; internal set; }

    /// <summary>True when the more-fragments flag is set.</summary>
    public bool MoreFragments { get; internal set; }

    /// <summary>Fragment offset in bytes (0 for the first fragment and for unfragmented packets).</summary>
    public int FragmentOffset { get; internal set; }

    /// <summary>True when no problem was found.</summary>
    public readonly bool IsWellFormed => Malformed == MalformedReason.None;
}
