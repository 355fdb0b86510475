using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;
using Netmap.Filters.Rules;
using Xunit;

namespace Netmap.Filters.Tests.Rules;

/// <summary>The seed's iptables rule: UDP to 198.18.0.1:4321 dropped, nothing else.</summary>
public sealed class IptablesRuleTests
{
    private const string Seed = "-p udp --dport 4321 --dst 198.18.0.1 -j DROP";
    private static readonly byte[] Src = FrameBuilder.Ip4("10.0.0.1");
    private static readonly byte[] Target = FrameBuilder.Ip4("198.18.0.1");

    private static byte[] V4(byte protocol, byte[] l4, byte[]? dst = null, ushort[]? vlans = null, bool mf = false, int offset8 = 0) =>
        FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(protocol, Src, dst ?? Target, l4, moreFragments: mf, fragmentOffset8: offset8), vlans);

    [Fact]
    public void The_seed_rule_parses_from_text_and_from_code_to_the_same_value()
    {
        IptablesRule parsed = IptablesRule.Parse(Seed);
        var built = new IptablesRule(RuleProtocol.Udp, IpPrefix.Parse("198.18.0.1"), PortRange.Single(4321), RuleAction.Drop);
        Assert.Equal(built, parsed);
        Assert.Equal("-p udp --dport 4321 --dst 198.18.0.1/32 -j DROP", parsed.ToString());
        Assert.Equal(parsed, IptablesRule.Parse(parsed.ToString()));
        // The article's own line, pasted whole.
        IptablesRule article = IptablesRule.Parse("sudo iptables -t raw -I PREROUTING -p udp --dport 4321 --dst 192.168.254.1 -j DROP");
        Assert.Equal(IpPrefix.Parse("192.168.254.1/32"), article.Destination);
    }

    [Fact]
    public void Udp_to_the_address_and_port_is_dropped_and_nothing_else()
    {
        IptablesRule rule = IptablesRule.Parse(Seed);
        Assert.Equal(RuleAction.Drop, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18))));
        Assert.Equal(RuleAction.Drop, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18), vlans: [EtherTypes.QinQ, EtherTypes.Vlan])));
        Assert.Equal(RuleAction.Drop, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18), mf: true)));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4322, 18))));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18), FrameBuilder.Ip4("198.18.0.2"))));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Tcp, FrameBuilder.Tcp(1, 4321, 0))));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Icmp, FrameBuilder.Icmp(8, 0, 8))));
        // A later fragment has no port to compare (xt_udp returns false on fragoff != 0).
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18), offset8: 10)));
        byte[] arp = FrameBuilder.Ethernet(EtherTypes.Arp, FrameBuilder.Arp(1, Src, Target));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(arp));
    }

    [Fact]
    public void Prefixes_ranges_and_ipv6_work()
    {
        IptablesRule rule = IptablesRule.Parse("-p tcp --dport 1000:2000 -d 198.18.0.0/15 -j ACCEPT");
        Assert.Equal(RuleAction.Pass, rule.Evaluate(V4(IpProtocols.Tcp, FrameBuilder.Tcp(1, 1500, 0), FrameBuilder.Ip4("198.19.255.255"))));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Tcp, FrameBuilder.Tcp(1, 2001, 0), FrameBuilder.Ip4("198.19.255.255"))));
        Assert.Equal(RuleAction.Continue, rule.Evaluate(V4(IpProtocols.Tcp, FrameBuilder.Tcp(1, 1500, 0), FrameBuilder.Ip4("198.20.0.0"))));

        IptablesRule v6 = IptablesRule.Parse("ip6tables -p udp --dport 4321 --dst 2001:db8::/32 -j DROP");
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv6, FrameBuilder.Ipv6(IpProtocols.Udp, FrameBuilder.Ip6("2001:db8::9"), FrameBuilder.Ip6("2001:db8:1::1"), FrameBuilder.Udp(1, 4321, 4), [IpProtocols.HopByHop, IpProtocols.Routing]));
        Assert.Equal(RuleAction.Drop, v6.Evaluate(frame));
        Assert.Equal(RuleAction.Continue, IptablesRule.Parse(Seed).Evaluate(frame));
    }

    [Theory]
    [InlineData("--dport 4321 -j DROP", "--dport", "needs '-p udp'")]
    [InlineData("-p udp --dport 70000 -j DROP", "70000", "bad port")]
    [InlineData("-p udp --dst 198.18.0 -j DROP", "198.18.0", "bad address")]
    [InlineData("-p udp --dst 198.18.0.1/33 -j DROP", "198.18.0.1/33", "bad address")]
    [InlineData("-p sctp -j DROP", "sctp", "unknown protocol")]
    [InlineData("-p udp ! --dport 53 -j DROP", "!", "negation")]
    [InlineData("-p udp -s 10.0.0.1 -j DROP", "-s", "unknown option")]
    [InlineData("-p udp -j REJECT", "REJECT", "unsupported target")]
    [InlineData("-p udp -j DROP -j ACCEPT", "-j", "twice")]
    [InlineData("-p icmp --dst 2001:db8::1 -j DROP", "icmp", "different IP families")]
    public void Bad_rules_are_errors_naming_the_token(string text, string token, string problem)
    {
        var error = Assert.Throws<RuleSyntaxException>(() => IptablesRule.Parse(text));
        Assert.Equal(token, error.Token);
        Assert.Equal(text.LastIndexOf(token, StringComparison.Ordinal) + 1 is var last && token == "-j" ? last : text.IndexOf(token, StringComparison.Ordinal) + 1, error.Column);
        Assert.Contains(problem, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_rule_without_a_target_is_an_error()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => IptablesRule.Parse("-p udp --dport 1"));
        Assert.Contains("missing '-j", error.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new IptablesRule(RuleProtocol.Icmp, null, PortRange.Single(1), RuleAction.Drop));
    }

    [Property(MaxTest = 2000)]
    public Property On_valid_frames_the_rule_agrees_with_the_reference() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            bool expectedDrop = sample.Kind == NetworkKind.Ipv4 && sample.Protocol == IpProtocols.Udp
                && sample.Destination.AsSpan().SequenceEqual(Target) && sample.DestinationPort == 4321 && !sample.IsLaterFragment;
            RuleAction expected = expectedDrop ? RuleAction.Drop : RuleAction.Continue;
            return (IptablesRule.Parse(Seed).Evaluate(sample.Bytes) == expected).Label(sample.ToString());
        });

    [Property(MaxTest = 2000)]
    public Property Never_throws_and_only_drops_well_formed_matching_frames() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
        {
            ParsedFrame parsed = PacketParser.Parse(frame);
            RuleAction action = IptablesRule.Parse(Seed).Evaluate(parsed);
            return action == RuleAction.Continue
                || (parsed.Layout.IsWellFormed && parsed.DestinationPort == 4321 && parsed.DestinationAddress.SequenceEqual(Target));
        });
}
