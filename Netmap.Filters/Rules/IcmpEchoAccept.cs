using System;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Rules;

/// <summary>
/// Accepts ICMP echo requests (IPv4 type 8 and, unless turned off, ICMPv6 type 128) and leaves every other
/// frame to the next rule: the "Accept ICMP echo" half of the seed's tc appendix, without tc's fixed offsets.
/// </summary>
/// <remarks>
/// Unlike <c>match ip icmp_type</c>, this reads the ICMP header after the real IHL and never matches fragments
/// or malformed frames, so IP options cannot make a UDP payload byte look like an echo type.
/// </remarks>
/// <param name="Ipv4Only">True to leave ICMPv6 echo requests to the next rule; false (so also <c>default</c>) accepts both.</param>
public readonly record struct IcmpEchoAccept(bool Ipv4Only = false)
{
    /// <summary><see cref="RuleAction.Pass"/> for an echo request, else <see cref="RuleAction.Continue"/>.</summary>
    /// <param name="frame">A parsed frame.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(in ParsedFrame frame)
    {
        PacketLayout layout = frame.Layout;
        if (Ipv4Only && layout.NetworkKind == NetworkKind.Ipv6)
        {
            return RuleAction.Continue;
        }

        return PacketRewriter.IsEchoRequest(frame.Frame, layout) ? RuleAction.Pass : RuleAction.Continue;
    }

    /// <summary>Parses the frame and evaluates.</summary>
    /// <param name="frame">A raw frame.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(ReadOnlySpan<byte> frame) => Evaluate(PacketParser.Parse(frame));
}
