using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class WorkerTests
{
    /// <summary>source{1 → (worker on source}1) → sink{1 → sink}1, all on one region.</summary>
    private sealed class Topology : IDisposable
    {
        public Topology(string sinkConf = "", int batch = 256)
        {
            string parent = PipePair.UniqueParent();
            Source = new PipePair(parent, "1");
            Sink = new PipePair(parent, "2", sinkConf);
            Rings = new WorkerRings
            {
                NicPort = Source.Slave,
                Targets = [new ForwardTarget(Sink.Master, 0)],
                BatchSize = batch,
            };
        }

        public PipePair Source { get; }

        public PipePair Sink { get; }

        public WorkerRings Rings { get; }

        public int Inject(uint first, int count, int length = 60)
        {
            TxRing tx = Source.Master.TxRing(0);
            Span<byte> frame = stackalloc byte[length];
            int sent = 0;
            for (; sent < count; sent++)
            {
                SequenceFrames.Write(frame, first + (uint)sent);
                if (!tx.TryTransmit(frame))
                {
                    break;
                }
            }

            Source.Master.TxSync();
            return sent;
        }

        public List<uint> Collect(int max = int.MaxValue)
        {
            var got = new List<uint>();
            Sink.Slave.RxSync();
            RxRing rx = Sink.Slave.RxRing(0);
            RxBatch batch = rx.Read(max);
            foreach (Packet p in batch)
            {
                Assert.True(SequenceFrames.IsIntact(p.Data));
                got.Add(SequenceFrames.Read(p.Data));
            }

            rx.AdvanceTo(batch.Position);
            Sink.Slave.RxSync();
            return got;
        }

        public void Dispose()
        {
            Sink.Dispose();
            Source.Dispose();
        }
    }

    [Fact]
    public void A_worker_forwards_and_drops_by_verdict_and_accounts_for_every_packet()
    {
        using var t = new Topology();
        using var worker = new PacketWorker<SequenceProcessor>(t.Rings, new SequenceProcessor { DropEvery = 4 });
        Assert.Equal(100, t.Inject(0, 100));
        while (worker.Step(0) > 0)
        {
        }

        worker.Drain();
        List<uint> got = t.Collect();
        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.Equal(100, s.Received);
        Assert.Equal(25, s.Dropped);
        Assert.Equal(75, s.Forwarded);
        Assert.Equal(0, s.Copied);
        Assert.True(s.IsBalanced);
        Assert.Equal(100, worker.Processor.Calls);
        Assert.Equal(75, got.Count);
        Assert.All(got, q => Assert.NotEqual(0u, q % 4));
        Assert.Equal(got, [.. got.Order()]);
    }

    [Fact]
    public void A_full_destination_queues_without_loss_and_never_asks_for_a_verdict_twice()
    {
        using var t = new Topology(sinkConf: "@conf:slots=8", batch: 5);
        using var worker = new PacketWorker<SequenceProcessor>(t.Rings, new SequenceProcessor());
        Assert.Equal(40, t.Inject(0, 40));
        var delivered = new List<uint>();
        for (int round = 0; round < 200 && delivered.Count < 40; round++)
        {
            worker.Step(0);
            TrafficSnapshot s = worker.Counters.Snapshot();
            Assert.True(s.IsBalanced, $"round {round}: unbalanced counters");
            Assert.Equal(s.Received, worker.Processor.Calls);
            if (round % 3 == 0)
            {
                delivered.AddRange(t.Collect(max: 2)); // a slow consumer keeps the destination full
            }
        }

        worker.Drain();
        delivered.AddRange(t.Collect());
        Assert.True(40 == delivered.Count, string.Join(",", delivered));
        Assert.Equal([.. System.Linq.Enumerable.Range(0, 40).Select(i => (uint)i)], delivered);
        TrafficSnapshot end = worker.Counters.Snapshot();
        Assert.Equal((40L, 40L, 0L), (end.Received, end.Forwarded, end.Queued));
        Assert.Equal(40, worker.Processor.Calls);
    }

    [Fact]
    public void Run_on_a_dedicated_thread_stops_gracefully_and_drains()
    {
        using var t = new Topology();
        using var worker = new PacketWorker<SequenceProcessor>(t.Rings, new SequenceProcessor());
        using var stop = new CancellationTokenSource();
        var thread = new Thread(() => worker.Run(stop.Token, pollTimeoutMilliseconds: 50)) { IsBackground = true };
        thread.Start();
        var delivered = new List<uint>();
        uint next = 0;
        for (int chunk = 0; chunk < 20; chunk++)
        {
            next += (uint)t.Inject(next, 50);
            delivered.AddRange(t.Collect());
        }

        stop.Cancel();
        Assert.True(thread.Join(TimeSpan.FromSeconds(30)));
        delivered.AddRange(t.Collect());
        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.True(s.IsBalanced);
        Assert.Equal(next, (uint)s.Received);
        Assert.Equal((int)next, delivered.Count);
    }

    [Fact]
    public void Processing_a_million_packets_allocates_nothing_on_the_worker_thread()
    {
        using var t = new Topology();
        using var worker = new PacketWorker<SequenceProcessor>(t.Rings, new SequenceProcessor { DropEvery = 2 });
        TxRing tx = t.Source.Master.TxRing(0);
        RxRing sink = t.Sink.Slave.RxRing(0);
        byte[] frame = new byte[60];
        long total = 0;

        void Round(uint first, int count)
        {
            for (int i = 0; i < count; i++)
            {
                SequenceFrames.Write(frame, first + (uint)i);
                if (!tx.TryTransmit(frame))
                {
                    break;
                }
            }

            t.Source.Master.TxSync();
            while (worker.Step(0) > 0)
            {
            }

            t.Sink.Slave.RxSync();
            RxBatch batch = sink.Read();
            while (batch.MoveNext())
            {
            }

            sink.AdvanceTo(batch.Position);
            t.Sink.Slave.RxSync();
        }

        for (int warm = 0; warm < 50; warm++)
        {
            Round((uint)(warm * 200), 200);
        }

        long before = GC.GetAllocatedBytesForCurrentThread();
        long received = worker.Counters.Snapshot().Received;
        for (uint seq = 0; total < 1_000_000; seq += 200)
        {
            Round(seq, 200);
            total = worker.Counters.Snapshot().Received - received;
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.True(total >= 1_000_000);
        Assert.Equal(0, allocated);
        Assert.True(worker.Counters.Snapshot().IsBalanced);
    }
}

public sealed class TransparentModeTests
{
    [Fact]
    public void Transparent_mode_is_refused_on_a_port_without_host_rings()
    {
        using var pipe = new PipePair();
        var e = Assert.Throws<System.InvalidOperationException>(() =>
            new PacketWorker<ConstantProcessor>(new WorkerRings { NicPort = pipe.Slave, Transparent = true }, new ConstantProcessor(Verdict.ToHost)));
        Assert.Contains("host rings", e.Message, System.StringComparison.Ordinal);
    }
}
