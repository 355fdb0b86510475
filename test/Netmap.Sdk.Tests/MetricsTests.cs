using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using System.Threading;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class MetricsTests
{
    [Fact]
    public void Netmap_packets_summed_over_its_verdict_tag_plus_queued_is_what_was_received_and_copies_are_their_own_instrument()
    {
        // Different parents are different memory regions, so forwarding copies.
        using var source = new PipePair();
        using var sink = new PipePair();
        using var worker = new PacketWorker<ConstantProcessor>(
            new WorkerRings { NicPort = source.Slave, Targets = [new ForwardTarget(sink.Master, 0)] }, new ConstantProcessor(Verdict.Forward(0)));
        for (int i = 0; i < 5; i++)
        {
            Assert.True(source.Master.TxRing(0).TryTransmit(new byte[60]));
        }

        source.Master.TxSync();
        while (worker.Step(0) > 0)
        {
        }

        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.Equal((5L, 5L, 5L), (s.Received, s.Forwarded, s.Copied));

        List<MetricsObserver.Measured> seen = MetricsObserver.Observe(source.Slave.Name);
        long Sum(string name, string direction) =>
            seen.Where(m => m.Name == name && m.Tag("netmap.direction") == direction).Sum(m => m.Value);

        Assert.Equal(5, Sum("netmap.packets.received", "wire"));
        Assert.Equal(5, Sum("netmap.packets", "wire") + Sum("netmap.packets.queued", "wire"));
        Assert.Equal(5, Sum("netmap.packets.copied", "wire"));
        Assert.DoesNotContain(seen, m => m.Name == "netmap.packets" && m.Tag("netmap.verdict") is "received" or "copied");
        Assert.Contains(seen, m => m.Name == "netmap.packets" && m.Tag("netmap.verdict") == "forwarded" && m.Value == 5);
    }

    [Fact]
    public void Handed_over_packets_are_exported_by_outcome()
    {
        string parent = PipePair.UniqueParent();
        using var source = new PipePair(parent, "1");
        using var idle = new PipePair(parent, "3");
        using var sink = new PipePair(parent, "2");
        using var queue = new HandoffQueue(capacity: 64);
        using var owner = new PacketWorker<ConstantProcessor>(new WorkerRings
        {
            NicPort = idle.Slave,
            Targets = [new ForwardTarget(sink.Master, 0)],
            Handoffs = [new HandoffInput(queue, sink.Master, 0)],
        }, new ConstantProcessor(Verdict.Forward(0)));
        using var producer = new PacketWorker<ConstantProcessor>(new WorkerRings
        {
            NicPort = source.Slave,
            Targets = [new ForwardTarget(sink.Master, 0) { Handoff = queue }],
        }, new ConstantProcessor(Verdict.Forward(0)));

        var ownerStop = new Thread(owner.Drain);
        ownerStop.Start();
        for (int i = 0; i < 7; i++)
        {
            Assert.True(source.Master.TxRing(0).TryTransmit(new byte[60]));
        }

        source.Master.TxSync();
        producer.Drain();
        Assert.True(ownerStop.Join(System.TimeSpan.FromSeconds(10)));
        Assert.Equal(7, owner.Counters.Snapshot().HandoffSent);

        List<MetricsObserver.Measured> seen = MetricsObserver.Observe(idle.Slave.Name);
        Assert.Contains(seen, m => m.Name == "netmap.handoff.packets" && m.Tag("netmap.outcome") == "sent" && m.Value == 7);
        Assert.Contains(seen, m => m.Name == "netmap.handoff.packets" && m.Tag("netmap.outcome") == "dropped" && m.Value == 0);
    }
}
