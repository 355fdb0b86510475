namespace Netmap.Filters.Headers;

/// <summary>IP protocol / IPv6 next-header numbers (IANA) used by the parser.</summary>
public static class IpProtocols
{
    /// <summary>IPv6 hop-by-hop options (0).</summary>
    public const byte HopByHop = 0;

    /// <summary>ICMP for IPv4 (1).</summary>
    public const byte Icmp = 1;

    /// <summary>TCP (6).</summary>
    public const byte Tcp = 6;

    /// <summary>UDP (17).</summary>
    public const byte Udp = 17;

    /// <summary>IPv6 routing header (43).</summary>
    public const byte Routing = 43;

    /// <summary>IPv6 fragment header (44).</summary>
    public const byte Fragment = 44;

    /// <summary>Encapsulating security payload (50): opaque, so the walk stops there.</summary>
    public const byte Esp = 50;

    /// <summary>Authentication header (51).</summary>
    public const byte AuthenticationHeader = 51;

    /// <summary>ICMPv6 (58).</summary>
    public const byte Icmpv6 = 58;

    /// <summary>IPv6 "no next header" (59).</summary>
    public const byte NoNextHeader = 59;

    /// <summary>IPv6 destination options (60).</summary>
    public const byte DestinationOptions = 60;
}
