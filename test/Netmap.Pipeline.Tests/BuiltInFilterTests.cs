using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Netmap.Filters;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

/// <summary>The built-in filters inside a real pipeline on user-space pipes, configured as users do (options).</summary>
public sealed class BuiltInFilterTests
{
    // The seed's appendix after the shell expands $iface and $filter.
    private const string SeedAppendix = """
        tc qdisc add dev eth0 handle ffff: ingress
        tc filter add dev eth0 parent ffff: protocol ip prio 1000 u32 match u8 0 0 police mtu 1 drop flowid :1
        tc filter add dev eth0 parent ffff: protocol ip prio 10 u32 match ip protocol 1 0xff match ip icmp_type 0x08 0xff police mtu 1 pass flowid :2
        """;

    private static byte[] Icmp(byte type)
    {
        byte[] f = Frames.Udp(0);
        f[23] = 1;
        f[34] = type;
        return f;
    }

    private static byte[] EtherType(ushort type)
    {
        byte[] f = Frames.Udp(0);
        BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(12), type);
        if (type == 0x0806)
        {
            // A whole ARP request so the parser finds it well formed.
            byte[] arp = [0, 1, 8, 0, 6, 4, 0, 1, 2, 2, 2, 2, 2, 2, 198, 18, 0, 2, 0, 0, 0, 0, 0, 0, 198, 18, 0, 1];
            arp.CopyTo(f, 14);
            return f[..(14 + 28)];
        }

        // An IPv6 header with a UDP payload.
        byte[] v6 = new byte[14 + 40 + 8];
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(12), 0x86DD);
        v6[14] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(18), 8);
        v6[20] = 17;
        v6[21] = 64;
        BinaryPrimitives.WriteUInt16BigEndian(v6.AsSpan(54 + 4), 8);
        return v6;
    }

    private static (TrafficSnapshot Counters, List<byte[]> Out) Run(Action<IServiceCollection> configure, Action<NetmapPipelineBuilder> pipeline, params byte[][] frames)
    {
        var services = new ServiceCollection();
        services.AddOptions();
        configure(services);
        var builder = new NetmapPipelineBuilder();
        pipeline(builder);
        using ServiceProvider provider = services.BuildServiceProvider();
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        using var inSlave = NetmapPort.Open($"netmap:{parent}}}1");
        using var outMaster = NetmapPort.Open($"netmap:{parent}{{2");
        using var outSlave = NetmapPort.Open($"netmap:{parent}}}2");
        using var worker = new PacketWorker<PipelineProcessor>(
            new WorkerRings { NicPort = inSlave, Targets = [new ForwardTarget(outMaster, 0)] },
            builder.CreateProcessor(provider, inSlave.Name, hasHostRings: false));
        Assert.Equal(frames.Length, Pipes.Send(inMaster, 0, frames));
        while (worker.Step(0) > 0)
        {
        }

        worker.Drain();
        outSlave.RxSync();
        var got = new List<byte[]>();
        RxBatch batch = outSlave.RxRing(0).Read();
        foreach (Packet p in batch)
        {
            got.Add(p.Data.ToArray());
        }

        return (worker.Counters.Snapshot(), got);
    }

    [Fact]
    public void The_seeds_appendix_passes_echo_requests_drops_other_ipv4_and_lets_arp_and_ipv6_through()
    {
        // On a pipe "pass" cannot mean the kernel: accepted packets and the default both go to forward target 0.
        var (counters, output) = Run(
            s => s.Configure<TcRuleFilterOptions>(o =>
            {
                o.Text = SeedAppendix;
                o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(0) };
            }),
            p => p.UseTcRules().DefaultVerdict(Verdict.Forward(0)),
            Icmp(8), Icmp(0), Icmp(3), Frames.Udp(53), Frames.Udp(4321), EtherType(0x0806), EtherType(0x86DD));
        Assert.Equal(7, counters.Received);
        Assert.Equal(4, counters.Dropped);   // echo reply, unreachable, two UDP
        Assert.Equal(3, output.Count);       // echo request, ARP, IPv6
        Assert.Equal(8, output[0][34]);
        Assert.Equal(0x0806, BinaryPrimitives.ReadUInt16BigEndian(output[1].AsSpan(12)));
        Assert.Equal(0x86DD, BinaryPrimitives.ReadUInt16BigEndian(output[2].AsSpan(12)));
    }

    [Fact]
    public void The_seeds_iptables_rule_drops_udp_to_its_port_and_address_only()
    {
        byte[] otherAddress = Frames.Udp(4321);
        otherAddress[33] = 9;
        var (counters, output) = Run(
            s => s.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add("-p udp --dport 4321 --dst 198.18.0.1 -j DROP")),
            p => p.UseIptablesRules().DefaultVerdict(Verdict.Forward(0)).MalformedVerdict(Verdict.Drop),
            Frames.Udp(4321, 1), Frames.Udp(4322, 2), otherAddress);
        Assert.Equal(1, counters.Dropped);
        Assert.Equal(2, output.Count);
    }

    [Fact]
    public void A_rule_that_does_not_parse_fails_at_start_naming_it()
    {
        var services = new ServiceCollection().AddOptions();
        services.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add("-p udp --dport banana -j DROP"));
        using ServiceProvider provider = services.BuildServiceProvider();
        var builder = new NetmapPipelineBuilder().UseIptablesRules().DefaultVerdict(Verdict.Drop);
        var e = Assert.ThrowsAny<Exception>(() => builder.CreateProcessor(provider, "x", false));
        Assert.Contains("banana", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_policer_passes_its_burst_and_drops_the_excess_counting_it()
    {
        var (counters, output) = Run(
            s => s.Configure<PolicerOptions>(o =>
            {
                o.Rate = 1;
                o.Burst = 5;
            }),
            p => p.UsePolicer().DefaultVerdict(Verdict.Forward(0)),
            Enumerable.Range(0, 20).Select(i => Frames.Udp(53, (uint)i)).ToArray());
        Assert.Equal(5, output.Count);
        Assert.Equal(15, counters.Dropped);
    }

    [Fact]
    public void Icmp_echo_accept_ends_the_chain_before_a_drop_all()
    {
        var (counters, output) = Run(
            s => s.Configure<IcmpEchoAcceptOptions>(o => o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(0) }),
            p => p.UseIcmpEchoAccept().Use(_ => new DropEverything()).DefaultVerdict(Verdict.Drop),
            Icmp(8), Icmp(0), Frames.Udp(53));
        Assert.Single(output);
        Assert.Equal(2, counters.Dropped);
    }

    [Fact]
    public void A_rule_change_applies_at_the_next_batch_and_a_broken_one_keeps_the_old_rules()
    {
        string rule = "-p udp --dport 4321 -j DROP";
        var change = new ManualChange<IptablesRuleFilterOptions>();
        var services = new ServiceCollection().AddOptions();
        services.Configure<IptablesRuleFilterOptions>(o => o.Rules.Add(rule));
        services.AddSingleton<IOptionsChangeTokenSource<IptablesRuleFilterOptions>>(change);
        using ServiceProvider provider = services.BuildServiceProvider();
        using var filter = new IptablesRuleFilter(provider.GetRequiredService<IOptionsMonitor<IptablesRuleFilterOptions>>());
        Assert.Equal(4321, filter.Rules[0].DestinationPorts!.Value.First);

        rule = "-p udp --dport 53 -j DROP";
        change.Fire();
        Assert.Equal(4321, filter.Rules[0].DestinationPorts!.Value.First); // not mid-batch
        filter.OnBatch(0);
        Assert.Equal(53, filter.Rules[0].DestinationPorts!.Value.First);

        rule = "-p udp --dport nonsense -j DROP";
        change.Fire();
        filter.OnBatch(0);
        Assert.Equal(53, filter.Rules[0].DestinationPorts!.Value.First);
    }

    private sealed class DropEverything : IPacketFilter
    {
        public FilterResult Invoke(ref PacketContext context) => FilterResult.Drop;
    }
}

public sealed class ConfigurationBindingTests
{
    [Fact]
    public void Built_in_filters_are_configured_from_configuration()
    {
        var config = new Microsoft.Extensions.Configuration.ConfigurationBuilder()
            .AddInMemoryCollection(new System.Collections.Generic.Dictionary<string, string?>
            {
                ["Netmap:Iptables:Rules:0"] = "-p udp --dport 4321 --dst 198.18.0.1 -j DROP",
                ["Netmap:Iptables:Rules:1"] = "-p tcp --dport 23 -j DROP",
                ["Netmap:Policer:Rate"] = "5000",
                ["Netmap:Policer:Burst"] = "50",
                ["Netmap:Tc:Text"] = "tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match ip protocol 17 0xff police mtu 1 drop flowid :1",
            })
            .Build();
        var services = new ServiceCollection().AddOptions();
        services.Configure<IptablesRuleFilterOptions>(config.GetSection("Netmap:Iptables"));
        services.Configure<PolicerOptions>(config.GetSection("Netmap:Policer"));
        services.Configure<TcRuleFilterOptions>(config.GetSection("Netmap:Tc"));
        using ServiceProvider provider = services.BuildServiceProvider();
        PipelineProcessor processor = new NetmapPipelineBuilder().UseIptablesRules().UsePolicer().UseTcRules()
            .DefaultVerdict(Verdict.Drop).CreateProcessor(provider, "x", hasHostRings: false);

        var iptables = (IptablesRuleFilter)processor.Chain[0];
        Assert.Equal(2, iptables.Rules.Length);
        Assert.Equal(23, iptables.Rules[1].DestinationPorts!.Value.First);
        var policer = (PolicerFilter)processor.Chain[1];
        Assert.Equal((5000L, 50L), (policer.Bucket.Rate, policer.Bucket.Burst));
        Assert.Single(((TcRuleFilter)processor.Chain[2]).Table.Rules);
    }
}

public sealed class MultiSlotAndClockTests
{
    [Fact]
    public void Tc_police_measures_a_multi_slot_packet_by_its_whole_length_not_its_first_slot()
    {
        // An experimental EtherType (the parser lets it through whole), longer than one buffer: several slots.
        const int length = 5000;
        byte[] big = new byte[length];
        big.AsSpan(0, 12).Fill(0x02);
        BinaryPrimitives.WriteUInt16BigEndian(big.AsSpan(12), 0x88B5);
        byte[] small = big[..1000];
        var services = new ServiceCollection().AddOptions();
        services.Configure<TcRuleFilterOptions>(o =>
        {
            o.Text = "tc filter add dev eth0 parent ffff: protocol all prio 1 u32 match u8 0 0 police mtu 4500 drop flowid :1";
            o.Verdicts = new RuleVerdicts { Accept = Verdict.Forward(0) };
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        var builder = new NetmapPipelineBuilder().UseTcRules().DefaultVerdict(Verdict.Forward(0));
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        using var inSlave = NetmapPort.Open($"netmap:{parent}}}1");
        using var outMaster = NetmapPort.Open($"netmap:{parent}{{2");
        using var worker = new PacketWorker<PipelineProcessor>(
            new WorkerRings { NicPort = inSlave, Targets = [new ForwardTarget(outMaster, 0)] },
            builder.CreateProcessor(provider, inSlave.Name, hasHostRings: false, forwardTargets: 1));
        Assert.True(inMaster.TxRing(0).BufferSize < 4500, "the big packet must span slots");
        Assert.Equal(2, Pipes.Send(inMaster, 0, big, small));
        while (worker.Step(0) > 0)
        {
        }

        worker.Drain();
        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.Equal((2L, 1L, 1L), (s.Received, s.Dropped, s.Forwarded)); // 5000 > mtu 4500: dropped; 1000 passes
        worker.Processor.Chain.Dispose();
    }

    [Fact]
    public void The_policer_reads_the_clock_once_per_batch_so_a_batch_cannot_refill_between_its_own_packets()
    {
        // At a billion packets a second every clock tick refills a whole packet: reading the clock per packet would
        // let the whole batch through; one reading per batch lets the burst (1) through and drops the rest.
        var services = new ServiceCollection().AddOptions();
        services.Configure<PolicerOptions>(o =>
        {
            o.Rate = 1_000_000_000;
            o.Burst = 1;
        });
        using ServiceProvider provider = services.BuildServiceProvider();
        string parent = Pipes.Parent();
        using var inMaster = NetmapPort.Open($"netmap:{parent}{{1");
        using var inSlave = NetmapPort.Open($"netmap:{parent}}}1");
        using var worker = new PacketWorker<PipelineProcessor>(new WorkerRings { NicPort = inSlave },
            new NetmapPipelineBuilder().UsePolicer().DefaultVerdict(Verdict.Drop).CreateProcessor(provider, inSlave.Name, false));
        Assert.Equal(20, Pipes.Send(inMaster, 0, Enumerable.Range(0, 20).Select(i => Frames.Udp(53, (uint)i)).ToArray()));
        Assert.Equal(20, worker.Step(0));
        var policer = (PolicerFilter)worker.Processor.Chain[0];
        Assert.Equal((1L, 19L), (policer.Bucket.Passed, policer.Bucket.Dropped));
    }
}
