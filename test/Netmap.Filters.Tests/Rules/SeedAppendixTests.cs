using System.IO;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;
using Netmap.Filters.Rules;
using Xunit;

namespace Netmap.Filters.Tests.Rules;

/// <summary>The seed's appendix rules, read from a copy of the appendix, applied as tc's u32 would.</summary>
public sealed class SeedAppendixTests
{
    private static readonly byte[] Src = FrameBuilder.Ip4("10.0.0.1");
    private static readonly byte[] Dst = FrameBuilder.Ip4("198.18.0.1");

    private static readonly System.Lazy<TcRuleTable> Loaded = new(() => TcRuleTable.Load(Path.Combine("Data", "seed-appendix.sh")));

    internal static TcRuleTable Appendix() => Loaded.Value;

    private static byte[] V4(byte protocol, byte[] l4, ushort[]? vlans = null, int optionWords = 0) =>
        FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(protocol, Src, Dst, l4, optionWords), vlans);

    [Fact]
    public void The_appendix_script_and_its_expansion_give_the_same_rules()
    {
        TcRuleTable script = Appendix();
        TcRuleTable lines = TcRuleTable.Load(Path.Combine("Data", "seed-appendix-expanded.txt"));
        Assert.Equal("eth0", script.Device);
        Assert.True(script.HasIngressQdisc);
        Assert.Equal(2, script.Rules.Count);
        for (int i = 0; i < 2; i++)
        {
            Assert.Equal(lines.Rules[i].Prio, script.Rules[i].Prio);
            Assert.Equal(lines.Rules[i].Keys, script.Rules[i].Keys);
            Assert.Equal(lines.Rules[i].PoliceExceed, script.Rules[i].PoliceExceed);
        }

        Assert.Empty(lines.Warnings);
        Assert.Contains(script.Warnings, w => w.Contains("'for' without 'done'", System.StringComparison.Ordinal));
    }

    [Fact]
    public void The_rules_pack_keys_as_iproute2_does()
    {
        TcRuleTable table = Appendix();
        TcRule echo = table.Rules[0];
        TcRule all = table.Rules[1];
        Assert.Equal((10, (ushort)0x0800, 1L, RuleAction.Pass, 2u), (echo.Prio, echo.Protocol, echo.PoliceMtu!.Value, echo.PoliceExceed, echo.FlowId!.Value));
        // ip protocol → byte 9 in the word at 8; icmp_type → byte 20 in the word at 20 (tc/f_u32.c parse_ip).
        Assert.Equal([new TcKey(8, 0x0001_0000, 0x00FF_0000), new TcKey(20, 0x0800_0000, 0xFF00_0000)], echo.Keys);
        Assert.Equal((1000, RuleAction.Drop, 1u), (all.Prio, all.PoliceExceed, all.FlowId!.Value));
        Assert.Equal([new TcKey(0, 0, 0)], all.Keys);
    }

    [Fact]
    public void Icmp_echo_requests_pass_and_every_other_ipv4_packet_drops()
    {
        TcRuleTable table = Appendix();
        Assert.Equal(RuleAction.Pass, table.Evaluate(V4(IpProtocols.Icmp, FrameBuilder.Icmp(8, 0, 56)), out int rule));
        Assert.Equal(0, rule);
        Assert.Equal(RuleAction.Pass, table.Evaluate(V4(IpProtocols.Icmp, FrameBuilder.Icmp(8, 0, 56), [EtherTypes.Vlan])));
        foreach (byte type in new byte[] { 0, 3, 5, 11, 13, 128 })
        {
            Assert.Equal(RuleAction.Drop, table.Evaluate(V4(IpProtocols.Icmp, FrameBuilder.Icmp(type, 0, 8))));
        }

        Assert.Equal(RuleAction.Drop, table.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 18)), out rule));
        Assert.Equal(1, rule);
        Assert.Equal(RuleAction.Drop, table.Evaluate(V4(IpProtocols.Tcp, FrameBuilder.Tcp(1, 80, 0))));
        Assert.Equal(RuleAction.Drop, table.Evaluate(V4(IpProtocols.Udp, FrameBuilder.Udp(1, 53, 8), [EtherTypes.QinQ])));
    }

    [Fact]
    public void Arp_ipv6_and_double_tagged_frames_fall_through_and_pass()
    {
        TcRuleTable table = Appendix();
        byte[] arp = FrameBuilder.Ethernet(EtherTypes.Arp, FrameBuilder.Arp(1, Src, Dst));
        byte[] v6 = FrameBuilder.Ethernet(EtherTypes.Ipv6, FrameBuilder.Ipv6(IpProtocols.Udp, FrameBuilder.Ip6("2001:db8::1"), FrameBuilder.Ip6("2001:db8::2"), FrameBuilder.Udp(1, 4321, 8)));
        byte[] qinq = V4(IpProtocols.Udp, FrameBuilder.Udp(1, 4321, 8), [EtherTypes.QinQ, EtherTypes.Vlan]);
        foreach (byte[] frame in new[] { arp, v6, qinq })
        {
            Assert.Equal(RuleAction.Pass, table.Evaluate(frame, out int rule));
            Assert.Equal(-1, rule);
        }
    }

    [Fact]
    public void Offsets_are_not_ihl_aware_so_ip_options_hide_an_echo_request()
    {
        // With options, byte 20 of the IP header is an option byte (NOP = 1), not the ICMP type: tc drops the ping.
        Assert.Equal(RuleAction.Drop, Appendix().Evaluate(V4(IpProtocols.Icmp, FrameBuilder.Icmp(8, 0, 56), optionWords: 1)));
    }

    [Property(MaxTest = 3000)]
    public Property The_table_agrees_with_the_hand_written_reference_on_any_frame() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
            (Appendix().Evaluate(frame) == SeedTcReference.Classify(frame)).Label(System.Convert.ToHexString(frame)));

    [Property(MaxTest = 2000)]
    public Property On_valid_frames_without_ip_options_only_echo_requests_among_ipv4_pass() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            bool tcSeesIpv4 = sample.Kind == NetworkKind.Ipv4 && sample.VlanCount <= 1;
            RuleAction expected = !tcSeesIpv4 ? RuleAction.Pass
                : sample.Ipv4OptionWords > 0 ? SeedTcReference.Classify(sample.Bytes)
                : sample.Protocol == IpProtocols.Icmp && sample.IcmpType == 8 ? RuleAction.Pass
                : sample.Protocol == IpProtocols.Icmp && sample.IsLaterFragment ? SeedTcReference.Classify(sample.Bytes)
                : RuleAction.Drop;
            return (Appendix().Evaluate(sample.Bytes) == expected).Label(sample.ToString());
        });
}
