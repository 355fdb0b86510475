using Netmap.Filters.Headers;
using Netmap.Filters.Rules;
using Xunit;

namespace Netmap.Filters.Tests.Rules;

/// <summary>tc/u32 semantics beyond the seed's two rules: police, prio, continue, short frames, shell shapes.</summary>
public sealed class TcRuleTableTests
{
    private const string Filter = "tc filter add dev eth0 parent ffff: protocol ip";
    private static readonly byte[] Src = FrameBuilder.Ip4("10.0.0.1");
    private static readonly byte[] Dst = FrameBuilder.Ip4("198.18.0.1");

    private static byte[] Udp(int payload, ushort[]? vlans = null, ushort port = 4321) =>
        FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Udp, Src, Dst, FrameBuilder.Udp(1, port, payload)), vlans, pad: false);

    [Fact]
    public void Police_mtu_compares_the_frame_length_seen_at_ingress()
    {
        TcRuleTable table = TcRuleTable.Parse($"{Filter} prio 1 u32 match u32 0 0 police mtu 100 drop flowid :1");
        byte[] exactly100 = Udp(100 - 14 - 28);
        Assert.Equal(100, exactly100.Length);
        Assert.Equal(RuleAction.Pass, table.Evaluate(exactly100));
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(100 - 14 - 28 + 1)));
        // One 802.1Q tag is removed before tc, so a tagged 104-byte frame is 100 bytes to police.
        Assert.Equal(RuleAction.Pass, table.Evaluate(Udp(100 - 14 - 28, [EtherTypes.Vlan])));
        TcRuleTable conform = TcRuleTable.Parse($"{Filter} prio 1 u32 match u32 0 0 police mtu 100 conform-exceed pass/drop");
        Assert.Equal(RuleAction.Drop, conform.Evaluate(exactly100));
    }

    [Fact]
    public void Lower_prio_runs_first_and_first_match_wins()
    {
        string text = $"""
            {Filter} prio 20 u32 match ip dport 4321 0xffff action drop
            {Filter} prio 10 u32 match ip dst 198.18.0.0/16 action pass
            """;
        TcRuleTable table = TcRuleTable.Parse(text);
        Assert.Equal(RuleAction.Pass, table.Evaluate(Udp(10), out int rule));
        Assert.Equal((0, 10), (rule, table.Rules[rule].Prio));
        TcRuleTable other = TcRuleTable.Parse(text.Replace("198.18.0.0/16", "10.0.0.0/8", System.StringComparison.Ordinal));
        Assert.Equal(RuleAction.Drop, other.Evaluate(Udp(10)));
    }

    [Fact]
    public void Continue_and_non_terminal_rules_let_the_next_rule_decide()
    {
        TcRuleTable table = TcRuleTable.Parse($"""
            {Filter} prio 1 u32 match u8 0 0 action continue
            {Filter} prio 2 u32 match u8 0 0
            {Filter} prio 3 u32 match ip protocol 17 0xff action drop
            """);
        Assert.False(table.Rules[1].Terminal);
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(10), out int rule));
        Assert.Equal(2, rule);
    }

    [Fact]
    public void An_unreadable_key_ends_its_prio_but_not_the_next_one()
    {
        TcRuleTable table = TcRuleTable.Parse($"""
            {Filter} prio 5 u32 match u32 0 0 at 4096 action pass
            {Filter} prio 5 u32 match u32 0 0 action drop
            {Filter} prio 6 u32 match ip protocol 17 0xff action pass
            """);
        // u32_classify gives up on prio 5 at the first unreadable word, so its second rule never runs.
        Assert.Equal(RuleAction.Pass, table.Evaluate(Udp(10), out int rule));
        Assert.Equal(2, rule);
    }

    [Fact]
    public void Sport_and_dport_are_read_at_fixed_offsets_even_with_ip_options()
    {
        TcRuleTable table = TcRuleTable.Parse($"{Filter} prio 1 u32 match ip dport 4321 0xffff action drop");
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(10)));
        byte[] withOptions = FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Udp, Src, Dst, FrameBuilder.Udp(1, 4321, 10), optionWords: 2));
        Assert.Equal(RuleAction.Pass, table.Evaluate(withOptions));
    }

    [Fact]
    public void Protocol_all_sees_arp_and_a_protocol_number_works()
    {
        byte[] arp = FrameBuilder.Ethernet(EtherTypes.Arp, FrameBuilder.Arp(1, Src, Dst));
        Assert.Equal(RuleAction.Drop, TcRuleTable.Parse("tc filter add dev eth0 parent ffff: protocol all prio 1 u32 match u8 0 0 action drop").Evaluate(arp));
        Assert.Equal(RuleAction.Drop, TcRuleTable.Parse("tc filter add dev eth0 parent ffff: protocol 0x0806 prio 1 u32 match u16 0x0001 0xffff at 6 action drop").Evaluate(arp));
        Assert.Equal(RuleAction.Pass, TcRuleTable.Parse($"{Filter} prio 1 u32 match u8 0 0 action drop").Evaluate(arp));
    }

    [Fact]
    public void Masks_are_hexadecimal_and_values_follow_c_number_rules()
    {
        // "ff" is a valid mask (base 16); value 021 is octal 17 = UDP.
        TcRuleTable table = TcRuleTable.Parse($"{Filter} prio 1 u32 match u8 021 ff at 9 action drop");
        Assert.Equal(new TcKey(8, 0x0011_0000, 0x00FF_0000), table.Rules[0].Keys[0]);
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(4)));
    }

    [Fact]
    public void Ether_matches_read_the_mac_header_as_rebuilt_after_vlan_untagging()
    {
        string mac = "02:00:00:00:00:0a"; // FrameBuilder's source MAC
        TcRuleTable table = TcRuleTable.Parse($"{Filter} prio 1 u32 match ether src {mac} action drop");
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(10)));
        Assert.Equal(RuleAction.Drop, table.Evaluate(Udp(10, [EtherTypes.Vlan])));
        Assert.Equal(RuleAction.Pass, TcRuleTable.Parse($"{Filter} prio 1 u32 match ether src 02:00:00:00:00:0b action drop").Evaluate(Udp(10)));
    }

    [Fact]
    public void A_missing_prio_is_assigned_like_the_kernel_does()
    {
        TcRuleTable table = TcRuleTable.Parse($"""
            {Filter} u32 match u8 0 0 action drop
            {Filter} u32 match u8 0 0 action pass
            """);
        Assert.Equal([0xBFFF, 0xC000], new[] { table.Rules[0].Prio, table.Rules[1].Prio });
        Assert.Equal(RuleAction.Pass, table.Evaluate(Udp(4)));
    }

    [Fact]
    public void Loops_variables_and_quotes_expand_as_sh_would()
    {
        string script = """
            # two devices, one loop
            for dev in eth0 eth1 ; do
              tc qdisc add dev ${dev} ingress
              f='tc filter add'; $f dev "$dev" parent ffff: protocol ip prio 7 u32 \
                  match ip dport 53 0xffff action drop
            done
            """;
        TcRuleTable eth1 = TcRuleTable.Parse(script, "eth1");
        Assert.Equal(("eth1", 1, 7), (eth1.Device, eth1.Rules.Count, eth1.Rules[0].Prio));
        Assert.Empty(eth1.Warnings);
        Assert.Equal(RuleAction.Drop, eth1.Evaluate(Udp(4, port: 53)));
        var error = Assert.Throws<RuleSyntaxException>(() => TcRuleTable.Parse(script));
        Assert.Contains("several devices", error.Message, System.StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match mark 1 1 action drop", 1, "mark 1", "mark")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip bogus 1 0xff action drop", 1, "bogus", "bogus")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 255 255 action drop", 1, "255 action", "255")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 0 0 action mirred", 1, "mirred", "mirred")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 0 0 police rate 1mbit burst 10k drop", 1, "rate", "rate")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 0 0 frobnicate", 1, "frobnicate", "frobnicate")]
    [InlineData("tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match u8 0 0 action drop", 1, "1: ", "1:")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 flower action drop", 1, "flower", "flower")]
    [InlineData("tc filter del dev eth0 parent ffff:", 1, "del", "del")]
    [InlineData("\n\necho hello", 3, "echo", "echo")]
    [InlineData("tc qdisc add dev eth0 clsact", 1, "clsact", "clsact")]
    [InlineData("tc filter add dev $nic parent ffff: prio 1 u32 match u8 0 0 action drop", 1, "$nic", "$nic")]
    [InlineData("tc filter add dev 'eth0 parent ffff:", 1, "'", "'")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u16 1 0xffff at 1 match u16 2 0xffff at 3 action drop", 1, "2 0xffff at 3", "2")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u32 1 0xffffffff at 2 action drop", 1, "1 0xffffffff", "1")]
    [InlineData("tc filter add dev $(cat /etc/iface) parent ffff:", 1, "$(", "$(cat")]
    [InlineData("x=1\ndone", 2, "done", "done")]
    [InlineData("for i in a; do\n tc qdisc add dev $i ingress\ndone\nfor j in b\ntc qdisc add dev b ingress", 5, "tc", "tc")]
    [InlineData("for 1x in a; do tc qdisc add dev a ingress; done", 1, "1x", "1x")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip dst 198.18.0.1/40 action drop", 1, "198.18", "198.18.0.1/40")]
    [InlineData("tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 0 0 police mtu 1 flowid :1", 1, "police", "police")]
    public void Unknown_or_unsupported_syntax_is_an_error_with_line_column_and_token(string text, int line, string anchor, string token)
    {
        int column = text.Split('\n')[line - 1].IndexOf(anchor, System.StringComparison.Ordinal) + 1;
        var error = Assert.Throws<RuleSyntaxException>(() => TcRuleTable.Parse(text));
        Assert.Equal((line, column, token), (error.Line, error.Column, error.Token));
        Assert.Contains($"line {line}, column {column}", error.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Two_protocols_at_one_prio_are_refused_like_the_kernel_does()
    {
        var error = Assert.Throws<RuleSyntaxException>(() => TcRuleTable.Parse("""
            tc filter add dev eth0 parent ffff: protocol ip prio 3 u32 match u8 0 0 action drop
            tc filter add dev eth0 parent ffff: protocol arp prio 3 u32 match u8 0 0 action drop
            """));
        Assert.Equal((2, 55), (error.Line, error.Column));
    }

    [Fact]
    public void Frames_too_short_for_tc_get_no_rule()
    {
        TcRuleTable table = SeedAppendixTests.Appendix();
        Assert.Equal(RuleAction.Pass, table.Evaluate([]));
        Assert.Equal(RuleAction.Pass, table.Evaluate(new byte[13]));
        byte[] tinyIpv4 = FrameBuilder.Ethernet(EtherTypes.Ipv4, [0x45, 0, 0], pad: false);
        Assert.Equal(RuleAction.Pass, table.Evaluate(tinyIpv4)); // 3 bytes: "match u8 0 0" cannot read its word
        byte[] fourBytes = FrameBuilder.Ethernet(EtherTypes.Ipv4, [0x45, 0, 0, 4], pad: false);
        Assert.Equal(RuleAction.Drop, table.Evaluate(fourBytes));
        Assert.Equal(RuleAction.Continue, table.WithNoMatchAction(RuleAction.Continue).Evaluate(new byte[13]));
        Assert.Equal(RuleAction.Drop, table.WithNoMatchAction(RuleAction.Continue).Evaluate(fourBytes));
    }
}
