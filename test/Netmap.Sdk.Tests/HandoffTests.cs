using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class HandoffTests
{
    [Fact]
    public async Task Two_workers_share_a_one_ring_destination_through_a_handoff_queue_without_loss()
    {
        string parent = PipePair.UniqueParent();
        using var source = NetmapPort.Open($"netmap:{parent}{{1@conf:rings=2");
        using var rx0 = NetmapPort.Open($"netmap:{parent}}}1-0");
        using var rx1 = NetmapPort.Open($"netmap:{parent}}}1-1");
        using var sink = new PipePair(parent, "2");
        using var queue = new HandoffQueue(capacity: 64);

        // Worker 0 owns the sink's only TX ring; worker 1 hands its packets to worker 0.
        using var w0 = new PacketWorker<SequenceProcessor>(new WorkerRings
        {
            NicPort = rx0,
            Ring = 0,
            Targets = [new ForwardTarget(sink.Master, 0)],
            Handoffs = [new HandoffInput(queue, sink.Master, 0)],
        }, default);
        using var w1 = new PacketWorker<SequenceProcessor>(new WorkerRings
        {
            NicPort = rx1,
            Ring = 1,
            Targets = [new ForwardTarget(sink.Master, 0) { Handoff = queue }],
        }, default);
        await using var group = NetmapWorkerGroup.Start([w0, w1], new WorkerGroupOptions { PollTimeoutMilliseconds = 10 });

        var frame = new byte[60];
        var delivered = new List<uint>();
        uint next = 0;
        for (int round = 0; round < 40; round++)
        {
            for (int ring = 0; ring < 2; ring++)
            {
                for (int k = 0; k < 5; k++, next++)
                {
                    SequenceFrames.Write(frame, next);
                    Assert.True(source.TxRing(ring).TryTransmit(frame));
                }
            }

            source.TxSync();
            delivered.AddRange(Collect(sink));
        }

        for (int spin = 0; spin < 500 && delivered.Count < next; spin++)
        {
            await Task.Delay(10);
            delivered.AddRange(Collect(sink));
        }

        await group.StopAsync();
        delivered.AddRange(Collect(sink));
        Assert.Equal(Enumerable.Range(0, (int)next).Select(i => (uint)i), delivered.Order());
        TrafficSnapshot s0 = w0.Counters.Snapshot(), s1 = w1.Counters.Snapshot();
        Assert.True(s0.IsBalanced && s1.IsBalanced);
        Assert.Equal(s1.Forwarded, s0.HandoffSent);
        Assert.Equal(s1.Forwarded, s1.Copied);
        Assert.Equal(0, queue.Count);
    }

    [Fact]
    public void An_owner_stopping_first_still_sends_what_its_producer_hands_over_before_finishing()
    {
        string parent = PipePair.UniqueParent();
        using var source = new PipePair(parent, "1");
        using var idle = new PipePair(parent, "3");
        using var sink = new PipePair(parent, "2");
        using var queue = new HandoffQueue(capacity: 64);
        using var owner = new PacketWorker<SequenceProcessor>(new WorkerRings
        {
            NicPort = idle.Slave,
            Targets = [new ForwardTarget(sink.Master, 0)],
            Handoffs = [new HandoffInput(queue, sink.Master, 0)],
        }, default);
        using var producer = new PacketWorker<SequenceProcessor>(new WorkerRings
        {
            NicPort = source.Slave,
            Targets = [new ForwardTarget(sink.Master, 0) { Handoff = queue }],
        }, default);

        // The owner is told to stop while its producer still has traffic to hand over.
        var ownerStop = new Thread(owner.Drain);
        ownerStop.Start();
        var frame = new byte[60];
        for (uint i = 0; i < 20; i++)
        {
            SequenceFrames.Write(frame, i);
            Assert.True(source.Master.TxRing(0).TryTransmit(frame));
        }

        source.Master.TxSync();
        producer.Drain();
        Assert.True(ownerStop.Join(TimeSpan.FromSeconds(10)));

        Assert.Equal(20, producer.Counters.Snapshot().Forwarded);
        Assert.Equal(20, owner.Counters.Snapshot().HandoffSent);
        Assert.Equal(Enumerable.Range(0, 20).Select(i => (uint)i), Collect(sink));
    }

    [Fact]
    public void A_full_queue_is_backpressure_not_loss()
    {
        using var pipe = new PipePair();
        using var queue = new HandoffQueue(capacity: 2);
        using var producer = new PacketWorker<SequenceProcessor>(new WorkerRings
        {
            NicPort = pipe.Slave,
            Targets = [new ForwardTarget(pipe.Master, 0) { Handoff = queue }],
        }, default);
        var frame = new byte[60];
        for (uint i = 0; i < 5; i++)
        {
            SequenceFrames.Write(frame, i);
            Assert.True(pipe.Master.TxRing(0).TryTransmit(frame));
        }

        pipe.Master.TxSync();
        producer.Step(0);
        TrafficSnapshot s = producer.Counters.Snapshot();
        Assert.Equal((3L, 2L, 1L), (s.Received, s.Forwarded, s.Queued));
        Assert.True(s.IsBalanced);
        Assert.Equal(2, queue.Count);
    }

    private static List<uint> Collect(PipePair sink)
    {
        var got = new List<uint>();
        sink.Slave.RxSync();
        RxRing rx = sink.Slave.RxRing(0);
        RxBatch batch = rx.Read();
        foreach (Packet p in batch)
        {
            got.Add(SequenceFrames.Read(p.Data));
        }

        rx.AdvanceTo(batch.Position);
        sink.Slave.RxSync();
        return got;
    }
}
