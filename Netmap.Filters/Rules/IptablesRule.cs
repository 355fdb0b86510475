using System;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Rules;

/// <summary>
/// The seed's iptables rule as a value: protocol, destination prefix and destination port range → action, e.g.
/// <c>-p udp --dport 4321 --dst 198.18.0.1 -j DROP</c>. Matching allocates nothing.
/// </summary>
/// <remarks>
/// Semantics follow iptables/ip6tables: the protocol is the upper layer (after IPv6 extension headers); a port
/// never matches a non-first fragment (xt_udp/xt_tcp check fragoff); a rule without a destination applies to
/// both families. Frames the parser calls malformed never match: the kernel drops most of them in ip_rcv before
/// PREROUTING, and the pipeline gives them its malformed verdict.
/// </remarks>
public readonly record struct IptablesRule
{
    /// <summary>Creates a rule from code.</summary>
    /// <param name="protocol">The protocol (-p).</param>
    /// <param name="destination">The destination prefix (-d), or null for any.</param>
    /// <param name="destinationPorts">The destination ports (--dport), or null for any; needs UDP or TCP.</param>
    /// <param name="action">What a match decides (-j).</param>
    public IptablesRule(RuleProtocol protocol, IpPrefix? destination, PortRange? destinationPorts, RuleAction action)
    {
        if (destinationPorts is not null && protocol is not (RuleProtocol.Udp or RuleProtocol.Tcp))
        {
            throw new ArgumentException("A destination port needs protocol UDP or TCP, as in iptables.", nameof(destinationPorts));
        }

        if (destination is { IsIpv6: true } && protocol == RuleProtocol.Icmp)
        {
            throw new ArgumentException("ICMP (IPv4) cannot match an IPv6 destination; use Icmpv6.", nameof(destination));
        }

        if (destination is { IsIpv6: false } && protocol == RuleProtocol.Icmpv6)
        {
            throw new ArgumentException("ICMPv6 cannot match an IPv4 destination; use Icmp.", nameof(destination));
        }

        Protocol = protocol;
        Destination = destination;
        DestinationPorts = destinationPorts;
        Action = action;
    }

    /// <summary>The protocol.</summary>
    public RuleProtocol Protocol { get; }

    /// <summary>The destination prefix, or null for any.</summary>
    public IpPrefix? Destination { get; }

    /// <summary>The destination ports, or null for any.</summary>
    public PortRange? DestinationPorts { get; }

    /// <summary>What a match decides.</summary>
    public RuleAction Action { get; }

    /// <summary>Parses iptables-like text; see <see cref="IptablesRuleParser"/> for the accepted options.</summary>
    /// <param name="text">The rule, e.g. <c>-p udp --dport 4321 --dst 198.18.0.1 -j DROP</c>.</param>
    /// <returns>The rule.</returns>
    /// <exception cref="RuleSyntaxException">The text is not a rule this type can express.</exception>
    public static IptablesRule Parse(string text) => IptablesRuleParser.Parse(text, 1);

    /// <summary>True when the parsed frame matches every part of the rule.</summary>
    /// <param name="frame">A parsed frame.</param>
    /// <returns>Whether the rule applies.</returns>
    public bool Matches(in ParsedFrame frame)
    {
        PacketLayout layout = frame.Layout;
        if (!layout.IsWellFormed || layout.NetworkKind is not (NetworkKind.Ipv4 or NetworkKind.Ipv6))
        {
            return false;
        }

        bool v6 = layout.NetworkKind == NetworkKind.Ipv6;
        bool protocolOk = Protocol switch
        {
            RuleProtocol.Any => true,
            RuleProtocol.Udp => layout.Protocol == IpProtocols.Udp,
            RuleProtocol.Tcp => layout.Protocol == IpProtocols.Tcp,
            RuleProtocol.Icmp => !v6 && layout.Protocol == IpProtocols.Icmp,
            RuleProtocol.Icmpv6 => v6 && layout.Protocol == IpProtocols.Icmpv6,
            _ => false,
        };
        if (!protocolOk)
        {
            return false;
        }

        if (Destination is IpPrefix destination && !destination.Contains(frame.DestinationAddress))
        {
            return false;
        }

        if (DestinationPorts is PortRange ports)
        {
            // -1 (no transport header: a later fragment) never matches, as xt_udp/xt_tcp return false on fragoff.
            int port = frame.DestinationPort;
            if (port < 0 || !ports.Contains(port))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The rule's action when it matches, else <see cref="RuleAction.Continue"/>.</summary>
    /// <param name="frame">A parsed frame.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(in ParsedFrame frame) => Matches(frame) ? Action : RuleAction.Continue;

    /// <summary>Parses the frame and evaluates the rule.</summary>
    /// <param name="frame">A raw frame.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(ReadOnlySpan<byte> frame) => Evaluate(PacketParser.Parse(frame));

    /// <summary>The rule in the text form <see cref="Parse"/> reads.</summary>
    /// <returns>The text.</returns>
    public override string ToString()
    {
        string protocol = Protocol switch
        {
            RuleProtocol.Udp => "-p udp",
            RuleProtocol.Tcp => "-p tcp",
            RuleProtocol.Icmp => "-p icmp",
            RuleProtocol.Icmpv6 => "-p icmpv6",
            _ => "-p all",
        };
        string ports = DestinationPorts is PortRange p ? " --dport " + p : string.Empty;
        string dst = Destination is IpPrefix d ? " --dst " + d : string.Empty;
        string action = Action switch { RuleAction.Drop => "DROP", RuleAction.Pass => "ACCEPT", _ => "RETURN" };
        return $"{protocol}{ports}{dst} -j {action}";
    }
}
