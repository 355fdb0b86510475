using System;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Netmap.Filters;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

/// <summary>A rule filter's accept verdict that could never be sent on the port is refused at start, not counted as unsendable for ever.</summary>
public sealed class VerdictCheckTests
{
    private const string TcPass = "tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip protocol 1 0xff action pass flowid :1";

    private static ServiceProvider Provider(Action<IServiceCollection> configure)
    {
        var services = new ServiceCollection().AddOptions();
        configure(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void An_iptables_accept_rule_with_the_default_ToHost_accept_is_refused_on_a_pipe()
    {
        using ServiceProvider provider = Provider(s => s.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add("-p icmp -j ACCEPT")));
        var builder = new NetmapPipelineBuilder().UseIptablesRules().DefaultVerdict(Verdict.Drop);
        var e = Assert.Throws<InvalidOperationException>(() => builder.CreateProcessor(provider, "netmap:p}1", hasHostRings: false));
        Assert.Contains("IptablesRuleFilter's accept verdict (RuleVerdicts.Accept) is ToHost", e.Message, StringComparison.Ordinal);
        Assert.Contains("'netmap:p}1' has no host rings", e.Message, StringComparison.Ordinal);
        Assert.Contains("IptablesRuleFilterOptions.Verdicts = new RuleVerdicts { Accept = Verdict.Drop }", e.Message, StringComparison.Ordinal);

        // With host rings ToHost is right; drop-only rules never accept, so their ToHost accept is harmless on a pipe.
        builder.CreateProcessor(provider, "netmap:eth0", hasHostRings: true).Chain.Dispose();
        using ServiceProvider dropOnly = Provider(s => s.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add("-p udp --dport 4321 -j DROP")));
        builder.CreateProcessor(dropOnly, "netmap:p}1", hasHostRings: false).Chain.Dispose();
    }

    [Fact]
    public void Icmp_echo_accept_and_a_passing_tc_rule_are_refused_on_a_pipe_but_the_seeds_police_mtu_1_drop_is_not()
    {
        using ServiceProvider provider = Provider(s => s.Configure<TcRuleFilterOptions>(o => o.Text = TcPass));
        var e = Assert.Throws<InvalidOperationException>(() =>
            new NetmapPipelineBuilder().UseIcmpEchoAccept().DefaultVerdict(Verdict.Drop).CreateProcessor(provider, "x", false));
        Assert.Contains("IcmpEchoAcceptFilter's accept verdict", e.Message, StringComparison.Ordinal);
        e = Assert.Throws<InvalidOperationException>(() =>
            new NetmapPipelineBuilder().UseTcRules().DefaultVerdict(Verdict.Drop).CreateProcessor(provider, "x", false));
        Assert.Contains("TcRuleFilter's accept verdict", e.Message, StringComparison.Ordinal);

        // Nothing of 1 byte ever conforms, so this rule only drops.
        using ServiceProvider dropAll = Provider(s => s.Configure<TcRuleFilterOptions>(o =>
            o.Text = "tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u8 0 0 police mtu 1 drop flowid :1"));
        new NetmapPipelineBuilder().UseTcRules().DefaultVerdict(Verdict.Drop).CreateProcessor(dropAll, "x", false).Chain.Dispose();
    }

    [Fact]
    public void A_forward_accept_beyond_the_targets_is_refused_naming_the_index_and_the_count()
    {
        using ServiceProvider provider = Provider(s => s.Configure<TcRuleFilterOptions>(o =>
        {
            o.Text = TcPass;
            o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(1) };
        }));
        var builder = new NetmapPipelineBuilder().UseTcRules().DefaultVerdict(Verdict.Drop);
        var e = Assert.Throws<InvalidOperationException>(() => builder.CreateProcessor(provider, "netmap:p}1", false, forwardTargets: 1));
        Assert.Contains("TcRuleFilter's accept verdict (RuleVerdicts.Accept) is Forward(1)", e.Message, StringComparison.Ordinal);
        Assert.Contains("only 1 forward target(s)", e.Message, StringComparison.Ordinal);
        Assert.Contains("NetmapServiceOptions.Targets", e.Message, StringComparison.Ordinal);
        builder.CreateProcessor(provider, "netmap:p}1", false, forwardTargets: 2).Chain.Dispose();

        // The pipeline's own verdicts are checked the same way.
        e = Assert.Throws<InvalidOperationException>(() =>
            new NetmapPipelineBuilder().DefaultVerdict(Verdict.Forward(0)).CreateProcessor(provider, "netmap:p}1", false, forwardTargets: 0));
        Assert.Contains("the pipeline's default verdict is Forward(0), but 'netmap:p}1' has no forward targets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_hosted_service_refuses_to_start_a_pipe_whose_accept_verdict_forwards_to_a_missing_target()
    {
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        HostApplicationBuilder builder = Host.CreateApplicationBuilder();
        builder.Services.Configure<IcmpEchoAcceptOptions>(o => o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(0) });
        builder.Services.AddNetmap(o => o.Port = $"netmap:{parent}}}1", p => p.UseIcmpEchoAccept().DefaultVerdict(Verdict.Drop));
        using IHost host = builder.Build();
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => host.StartAsync());
        Assert.Contains("IcmpEchoAcceptFilter's accept verdict (RuleVerdicts.Accept) is Forward(0)", e.Message, StringComparison.Ordinal);
        Assert.Contains("has no forward targets", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_reload_that_adds_an_accept_rule_the_port_cannot_carry_out_keeps_the_rules_in_force()
    {
        string rule = "-p udp --dport 4321 -j DROP";
        var change = new ManualChange<IptablesRuleFilterOptions>();
        using ServiceProvider provider = Provider(s =>
        {
            s.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add(rule));
            s.AddSingleton<IOptionsChangeTokenSource<IptablesRuleFilterOptions>>(change);
        });
        PipelineProcessor processor = new NetmapPipelineBuilder().UseIptablesRules().DefaultVerdict(Verdict.Drop)
            .CreateProcessor(provider, "netmap:p}1", hasHostRings: false);
        using FilterChain chain = processor.Chain;
        var filter = (IptablesRuleFilter)chain[0];

        rule = "-p icmp -j ACCEPT";
        change.Fire();
        filter.OnBatch(0);
        Assert.Equal(RuleActionDrop, filter.Rules[0].Action);

        rule = "-p udp --dport 53 -j DROP";
        change.Fire();
        filter.OnBatch(0);
        Assert.Equal(53, filter.Rules[0].DestinationPorts!.Value.First);
    }

    private const Netmap.Filters.Rules.RuleAction RuleActionDrop = Netmap.Filters.Rules.RuleAction.Drop;
}
