using System;
using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class WorkerGroupTests
{
    [Fact]
    public async Task A_group_runs_workers_on_their_own_threads_and_stops_after_draining()
    {
        string parent = PipePair.UniqueParent();
        using var a = new PipePair(parent, "1");
        using var b = new PipePair(parent, "2");
        using var sinkA = new PipePair(parent, "3");
        using var sinkB = new PipePair(parent, "4");
        using var wa = new PacketWorker<SequenceProcessor>(new WorkerRings { NicPort = a.Slave, Targets = [new ForwardTarget(sinkA.Master, 0)] }, default);
        using var wb = new PacketWorker<SequenceProcessor>(new WorkerRings { NicPort = b.Slave, Targets = [new ForwardTarget(sinkB.Master, 0)] }, default);
        await using var group = NetmapWorkerGroup.Start([wa, wb], new WorkerGroupOptions { PollTimeoutMilliseconds = 20 });
        Assert.Equal(2, group.Count);

        var frame = new byte[60];
        for (uint i = 0; i < 100; i++)
        {
            SequenceFrames.Write(frame, i);
            Assert.True(a.Master.TxRing(0).TryTransmit(frame));
            a.Master.TxSync();
            Assert.True(b.Master.TxRing(0).TryTransmit(frame));
            b.Master.TxSync();
        }

        // poll() wakes the worker; wait for the counters rather than for time.
        for (int spin = 0; spin < 500 && wa.Counters.Snapshot().Received + wb.Counters.Snapshot().Received < 200; spin++)
        {
            await Task.Delay(10);
        }

        await group.StopAsync();
        Assert.Equal(100, wa.Counters.Snapshot().Forwarded);
        Assert.Equal(100, wb.Counters.Snapshot().Forwarded);
        Assert.True(wa.Counters.Snapshot().IsBalanced && wb.Counters.Snapshot().IsBalanced);
        await group.WaitAsync(); // already complete
    }

    [Fact]
    public void A_pinned_worker_thread_runs_on_its_cpu_only()
    {
        string? allowed = null;
        var thread = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(0);
            allowed = File.ReadAllLines("/proc/thread-self/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal));
        });
        thread.Start();
        thread.Join();
        Assert.Equal("0", allowed!.Split(':')[1].Trim());
        Assert.Throws<InvalidOperationException>(() => CpuAffinity.PinCurrentThread(1023));
    }

    [Fact]
    public void A_meter_listener_sees_the_counters_tagged_by_port_ring_direction_and_verdict()
    {
        using var source = new PipePair();
        using var worker = new PacketWorker<ConstantProcessor>(new WorkerRings { NicPort = source.Slave }, new ConstantProcessor(Verdict.Drop));
        var frame = new byte[60];
        for (int i = 0; i < 5; i++)
        {
            Assert.True(source.Master.TxRing(0).TryTransmit(frame));
        }

        source.Master.TxSync();
        while (worker.Step(0) > 0)
        {
        }

        List<MetricsObserver.Measured> seen = MetricsObserver.Observe(source.Slave.Name);

        Assert.Contains(seen, m => m.Name == "netmap.packets.received" && m.Value == 5
            && Equals(m.Tags["netmap.direction"], "wire") && Equals(m.Tags["netmap.ring"], 0));
        Assert.Contains(seen, m => m.Name == "netmap.packets" && m.Value == 5 && Equals(m.Tags["netmap.verdict"], "dropped"));
        Assert.Contains(seen, m => m.Name == "netmap.bytes" && m.Value == 300);
        Assert.Contains(seen, m => m.Name == "netmap.packets.queued" && m.Value == 0);
    }
}
