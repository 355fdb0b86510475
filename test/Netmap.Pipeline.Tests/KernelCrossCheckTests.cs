using System;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using System.Text.RegularExpressions;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Filters;
using Netmap.Filters.Rules;
using Netmap.Interop;
using Netmap.Interop.Tests.UserSpace.Linux;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

/// <summary>
/// The kernel as the oracle where it can express the rule: the seed's iptables rule in the raw table of a test
/// namespace, and the built-in filter on netmap:a0, judge the same frames sent by a real peer; they must agree.
/// </summary>
public sealed partial class KernelCrossCheckTests
{
    private const string SeedRule = "-p udp --dport 4321 --dst 198.18.0.1 -j DROP";

    // From b0: 40 datagrams the rule matches, and 60 that differ in port or address (the seed's rule must spare them).
    private static readonly (string Address, int Port, int Count)[] Mix =
        [("198.18.0.1", 4321, 40), ("198.18.0.1", 4322, 30), ("198.18.0.1", 53, 20), ("198.18.0.9", 4321, 10)];

    private static int Send(VethLab lab) => Namespaces.Run(lab.NsB, () =>
    {
        using var udp = new UdpClient();
        int sent = 0;
        foreach (var (address, port, count) in Mix)
        {
            for (int i = 0; i < count; i++, sent++)
            {
                udp.Send(new byte[32], new IPEndPoint(IPAddress.Parse(address), port));
            }
        }

        return sent;
    });

    [Fact]
    public void The_seeds_iptables_rule_and_the_built_in_filter_drop_the_same_frames()
    {
        using var lab = new VethLab();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        lab.InB($"ip neigh replace 198.18.0.9 lladdr {lab.MacA} dev {VethLab.B}");

        // The kernel's verdicts: the rule's packet counter after the peer's traffic.
        lab.InA($"iptables -t raw -I PREROUTING {SeedRule}");
        int sent = Send(lab);
        long kernelDropped = 0;
        for (int i = 0; i < 50 && kernelDropped < 40; i++)
        {
            System.Threading.Thread.Sleep(20);
            kernelDropped = DropCounter(lab.InA("iptables -t raw -L PREROUTING -v -x -n"));
        }

        lab.InA("iptables -t raw -F PREROUTING");

        // Ours: the same traffic into netmap:a0's NIC RX ring, judged by the built-in filter.
        var processor = new NetmapPipelineBuilder()
            .Use(_ => new IptablesRuleFilter(new RuleVerdicts(), IptablesRule.Parse(SeedRule)))
            .CreateProcessor(new ServiceCollection().BuildServiceProvider(), "netmap:a0", hasHostRings: true);
        var (udpSeen, ourDropped) = Namespaces.Run(lab.NsA, () =>
        {
            using NetmapPort port = NetmapPort.Open("netmap:a0");
            Send(lab);
            int seen = 0, dropped = 0;
            RxRing rx = port.RxRing(0);
            for (int round = 0; round < 50 && seen < sent; round++)
            {
                port.Poll(PollEvents.In, 100);
                RxBatch batch = rx.Read();
                foreach (Packet p in batch)
                {
                    ReadOnlySpan<byte> f = p.Data;
                    bool udp = f.Length > 23 && f[12] == 0x08 && f[13] == 0x00 && f[23] == 17;
                    seen += udp ? 1 : 0;
                    dropped += processor.Process(p).Kind == VerdictKind.Drop ? 1 : 0;
                }

                rx.AdvanceTo(batch.Position);
            }

            return (seen, dropped);
        });

        Assert.Equal(100, sent);
        Assert.Equal(sent, udpSeen);
        Assert.Equal(40, kernelDropped);
        Assert.Equal(kernelDropped, ourDropped);
    }

    private static long DropCounter(string listing)
    {
        Match m = DropLine().Match(listing);
        return m.Success ? long.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture) : 0;
    }

    [GeneratedRegex(@"^\s*(\d+)\s+\d+\s+DROP\s", RegexOptions.Multiline)]
    private static partial Regex DropLine();
}
