using System;
using System.Linq;
using System.Threading;
using Netmap.Interop.Tests.UserSpace.Linux;
using Xunit;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>
/// A frame longer than a buffer arrives as a two-slot packet (NS_MOREFRAG on emulated RX). A host ring sends each
/// slot as a frame of its own, so ToHost cannot carry it: the worker releases it and counts it unsendable, while
/// packets that fit one slot keep flowing.
/// </summary>
public sealed class UnsendableTests
{
    [Fact]
    public void A_multi_slot_packet_to_a_host_ring_is_counted_unsendable_and_small_ones_still_pass()
    {
        using var lab = new VethLab();
        lab.InA($"ip link set dev {VethLab.A} mtu 2048");
        lab.InB($"ip link set dev {VethLab.B} mtu 2048");
        using var ready = new ManualResetEventSlim();
        using var stop = new ManualResetEventSlim();
        var runner = new Background<TrafficSnapshot>(() => Namespaces.Run(lab.NsA, () =>
        {
            using PortTopology topology = PortTopology.Open($"netmap:{VethLab.A}", hostRings: true);
            using var worker = new PacketWorker<ConstantProcessor>(topology.Rings[0], new ConstantProcessor(Verdict.ToHost));
            using (NetmapWorkerGroup.Start([worker], new WorkerGroupOptions { PollTimeoutMilliseconds = 20 }))
            {
                ready.Set();
                stop.Wait(TimeSpan.FromSeconds(30));
            }

            return worker.Counters.Snapshot();
        }, timeoutMs: 45000));
        try
        {
            Assert.True(ready.Wait(TimeSpan.FromSeconds(20)));
            Assert.True(lab.PingFromB(), "small pings pass through the host ring");

            // 2020 bytes of ICMP data: a 2048-byte IP packet in a 2062-byte frame, longer than a 2048-byte buffer.
            int big = Sh.Run($"ip netns exec {lab.NsB} ping -n -q -c 3 -i 0.2 -W 1 -s 2020 -M do {VethLab.AddrA}", out _);
            Assert.NotEqual(0, big);
        }
        finally
        {
            stop.Set();
        }

        TrafficSnapshot s = runner.Join(45000);
        Assert.True(s.IsBalanced);
        Assert.True(s.Unsendable >= 3, $"unsendable {s.Unsendable}");
        Assert.True(s.ToHost > 0);
    }
}
