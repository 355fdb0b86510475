namespace Netmap.Filters.Headers;

/// <summary>What sits after the Ethernet/VLAN headers, as far as the parser understands it.</summary>
public enum NetworkKind : byte
{
    /// <summary>Nothing was reached (runt or truncated VLAN stack).</summary>
    None = 0,

    /// <summary>IPv4.</summary>
    Ipv4,

    /// <summary>IPv6.</summary>
    Ipv6,

    /// <summary>ARP.</summary>
    Arp,

    /// <summary>An EtherType the parser does not look into.</summary>
    Other,
}
