namespace Netmap.Filters.Headers;

/// <summary>EtherType values (IEEE 802 numbers) the header views and the parser understand.</summary>
public static class EtherTypes
{
    /// <summary>IPv4 (0x0800).</summary>
    public const ushort Ipv4 = 0x0800;

    /// <summary>ARP (0x0806).</summary>
    public const ushort Arp = 0x0806;

    /// <summary>IPv6 (0x86DD).</summary>
    public const ushort Ipv6 = 0x86DD;

    /// <summary>IEEE 802.1Q customer VLAN tag (0x8100).</summary>
    public const ushort Vlan = 0x8100;

    /// <summary>IEEE 802.1ad service VLAN tag, the outer tag of QinQ (0x88A8).</summary>
    public const ushort QinQ = 0x88A8;

    /// <summary>Pre-standard QinQ outer tag still sent by some switches (0x9100).</summary>
    public const ushort QinQLegacy = 0x9100;

    /// <summary>Values below this are IEEE 802.3 length fields, not EtherTypes.</summary>
    public const ushort MinimumEtherType = 0x0600;

    /// <summary>True for the TPIDs that introduce a VLAN tag.</summary>
    /// <param name="etherType">The EtherType/TPID field.</param>
    /// <returns>Whether a 4-byte VLAN tag follows.</returns>
    public static bool IsVlanTag(ushort etherType) =>
        etherType is Vlan or QinQ or QinQLegacy;
}
