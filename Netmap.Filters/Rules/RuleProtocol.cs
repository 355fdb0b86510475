namespace Netmap.Filters.Rules;

/// <summary>The protocol an <see cref="IptablesRule"/> matches (iptables' -p).</summary>
public enum RuleProtocol : byte
{
    /// <summary>Any protocol ("all").</summary>
    Any = 0,

    /// <summary>UDP.</summary>
    Udp,

    /// <summary>TCP.</summary>
    Tcp,

    /// <summary>ICMP over IPv4.</summary>
    Icmp,

    /// <summary>ICMPv6.</summary>
    Icmpv6,
}
