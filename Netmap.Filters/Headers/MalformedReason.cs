namespace Netmap.Filters.Headers;

/// <summary>Why <see cref="PacketParser"/> stopped trusting a frame; <see cref="None"/> for a well-formed one.</summary>
/// <remarks>Only the first problem found is reported, walking from layer 2 upwards.</remarks>
public enum MalformedReason : byte
{
    /// <summary>Well-formed as far as the parser looks.</summary>
    None = 0,

    /// <summary>Shorter than an Ethernet header (14 bytes).</summary>
    Runt,

    /// <summary>A VLAN TPID announced a tag that the frame cuts short.</summary>
    TruncatedVlan,

    /// <summary>More stacked VLAN tags than the parser's bound allows.</summary>
    TooManyVlanTags,

    /// <summary>An IPv4 or IPv6 EtherType with fewer bytes than the fixed header.</summary>
    TruncatedIpHeader,

    /// <summary>The version nibble disagrees with the EtherType.</summary>
    BadIpVersion,

    /// <summary>IPv4 IHL below 5, or a header longer than the bytes present.</summary>
    BadIhl,

    /// <summary>IPv4 total length larger than the bytes present, or smaller than the header.</summary>
    IpTotalLengthMismatch,

    /// <summary>IPv6 payload length larger than the bytes present.</summary>
    BadIpv6PayloadLength,

    /// <summary>An IPv6 extension header cut short by the payload length.</summary>
    TruncatedExtensionHeader,

    /// <summary>More IPv6 extension headers than the parser's bound allows.</summary>
    TooManyExtensionHeaders,

    /// <summary>A UDP/TCP/ICMP/ICMPv6 header that does not fit in the IP payload.</summary>
    TruncatedL4,

    /// <summary>A TCP data offset below 5 or beyond the payload, or a UDP length below 8 or beyond the payload.</summary>
    BadL4Length,

    /// <summary>An ARP packet cut short of its address fields.</summary>
    TruncatedArp,
}
