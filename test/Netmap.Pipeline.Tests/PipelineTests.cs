using System;
using System.Collections.Generic;
using System.Linq;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Filters;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

public sealed class PipelineTests
{
    /// <summary>in{1 → worker(pipeline) on in}1 → Forward(0) = out{1 → out}1; all one region.</summary>
    private sealed class Rig : IDisposable
    {
        public Rig(PipelineProcessor processor)
        {
            string parent = Pipes.Parent();
            InMaster = NetmapPort.Open($"netmap:{parent}{{1");
            InSlave = NetmapPort.Open($"netmap:{parent}}}1");
            OutMaster = NetmapPort.Open($"netmap:{parent}{{2");
            OutSlave = NetmapPort.Open($"netmap:{parent}}}2");
            Worker = new PacketWorker<PipelineProcessor>(
                new WorkerRings { NicPort = InSlave, Targets = [new ForwardTarget(OutMaster, 0)] }, processor);
        }

        public NetmapPort InMaster { get; }

        public NetmapPort InSlave { get; }

        public NetmapPort OutMaster { get; }

        public NetmapPort OutSlave { get; }

        public PacketWorker<PipelineProcessor> Worker { get; }

        public List<byte[]> Run(params byte[][] frames)
        {
            Assert.Equal(frames.Length, Pipes.Send(InMaster, 0, frames));
            while (Worker.Step(0) > 0)
            {
            }

            Worker.Drain();
            OutSlave.RxSync();
            var got = new List<byte[]>();
            RxRing rx = OutSlave.RxRing(0);
            RxBatch batch = rx.Read();
            foreach (Packet p in batch)
            {
                got.Add(p.Data.ToArray());
            }

            rx.AdvanceTo(batch.Position);
            OutSlave.RxSync();
            return got;
        }

        public void Dispose()
        {
            Worker.Dispose();
            OutSlave.Dispose();
            OutMaster.Dispose();
            InSlave.Dispose();
            InMaster.Dispose();
        }
    }

    private static PipelineProcessor Build(Action<NetmapPipelineBuilder> configure, IServiceProvider? services = null)
    {
        var builder = new NetmapPipelineBuilder();
        configure(builder);
        return builder.CreateProcessor(services ?? new ServiceCollection().BuildServiceProvider(), "netmap:test", hasHostRings: false);
    }

    [Fact]
    public void Filters_run_in_order_and_the_first_verdict_ends_the_chain()
    {
        var log = new CallLog();
        PipelineProcessor p = Build(b => b
            .Use(_ => new RecordingFilter(log, "a"))
            .Use<DropPort4321>()
            .Use(_ => new RecordingFilter(log, "c"))
            .DefaultVerdict(Verdict.Forward(0)));
        using var rig = new Rig(p);
        List<byte[]> got = rig.Run(Frames.Udp(4321, 1), Frames.Udp(53, 2));
        Assert.Equal(["a", "a", "c"], log.Calls);
        Assert.Single(got);
        Assert.Equal(2u, Frames.Sequence(got[0]));
        Assert.Equal(1, p.Counters.Defaulted);
        TrafficSnapshot s = rig.Worker.Counters.Snapshot();
        Assert.Equal((2L, 1L, 1L), (s.Received, s.Dropped, s.Forwarded));
    }

    [Fact]
    public void A_struct_filter_keeps_its_state_in_its_workers_instance()
    {
        PipelineProcessor p = Build(b => b.Use<CountingFilter>().DefaultVerdict(Verdict.Drop));
        using var rig = new Rig(p);
        rig.Run(Frames.Udp(1), Frames.Udp(2), Frames.Udp(3));
        Assert.Equal(3, ((CountingFilter)p.Chain[0]).Seen);
    }

    [Fact]
    public void Malformed_frames_get_the_malformed_verdict_and_are_counted_before_any_filter()
    {
        var log = new CallLog();
        PipelineProcessor p = Build(b => b.Use(_ => new RecordingFilter(log, "a")).DefaultVerdict(Verdict.Forward(0)).MalformedVerdict(Verdict.Drop));
        using var rig = new Rig(p);
        byte[] truncated = Frames.Udp(53)[..30];    // IPv4 header cut short
        byte[] lying = Frames.Udp(53);
        lying[14 + 3] = 200;                           // IP total length > frame
        List<byte[]> got = rig.Run(truncated, lying, Frames.Udp(53, 9));
        Assert.Equal(2, p.Counters.Malformed);
        Assert.Equal(["a"], log.Calls);
        Assert.Single(got);
        Assert.True(rig.Worker.Counters.Snapshot().IsBalanced);
    }

    [Fact]
    public void A_port_without_host_rings_needs_an_explicit_default()
    {
        var services = new ServiceCollection().BuildServiceProvider();
        var none = new NetmapPipelineBuilder().Use<DropPort4321>();
        var e = Assert.Throws<InvalidOperationException>(() => none.CreateProcessor(services, "netmap:p}1", hasHostRings: false));
        Assert.Contains("netmap:p}1", e.Message, StringComparison.Ordinal);
        Assert.Contains("DefaultVerdict", e.Message, StringComparison.Ordinal);

        var toHost = new NetmapPipelineBuilder().DefaultVerdict(Verdict.ToHost);
        e = Assert.Throws<InvalidOperationException>(() => toHost.CreateProcessor(services, "netmap:p}1", hasHostRings: false));
        Assert.Contains("no host rings", e.Message, StringComparison.Ordinal);

        Assert.Equal(Verdict.ToHost, new NetmapPipelineBuilder().ResolveDefault("netmap:eth0", hasHostRings: true));

        var malformedToHost = new NetmapPipelineBuilder().DefaultVerdict(Verdict.Drop).MalformedVerdict(Verdict.ToHost);
        e = Assert.Throws<InvalidOperationException>(() => malformedToHost.CreateProcessor(services, "netmap:p}1", hasHostRings: false));
        Assert.Contains("MalformedVerdict", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_processor_gets_its_own_filter_instances()
    {
        var builder = new NetmapPipelineBuilder().Use<DropPort4321>().DefaultVerdict(Verdict.Drop);
        var services = new ServiceCollection().BuildServiceProvider();
        PipelineProcessor a = builder.CreateProcessor(services, "x", false);
        PipelineProcessor b = builder.CreateProcessor(services, "x", false);
        Assert.NotSame(a.Chain[0], b.Chain[0]);
    }

    [Fact]
    public void A_million_packets_through_a_three_filter_chain_allocate_nothing()
    {
        var log = new CallLog();
        PipelineProcessor p = Build(b => b.Use<CountingFilter>().Use<DropPort4321>().Use<CountingFilter>().DefaultVerdict(Verdict.Forward(0)));
        using var rig = new Rig(p);
        byte[][] frames = Enumerable.Range(0, 200).Select(i => Frames.Udp((ushort)(i % 2 == 0 ? 4321 : 53), (uint)i)).ToArray();
        TxRing tx = rig.InMaster.TxRing(0);
        RxRing sink = rig.OutSlave.RxRing(0);

        void Round()
        {
            foreach (byte[] f in frames)
            {
                tx.TryTransmit(f);
            }

            rig.InMaster.TxSync();
            while (rig.Worker.Step(0) > 0)
            {
            }

            rig.OutSlave.RxSync();
            RxBatch batch = sink.Read();
            while (batch.MoveNext())
            {
            }

            sink.AdvanceTo(batch.Position);
            rig.OutSlave.RxSync();
        }

        for (int i = 0; i < 50; i++)
        {
            Round();
        }

        long start = rig.Worker.Counters.Snapshot().Received;
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (rig.Worker.Counters.Snapshot().Received - start < 1_000_000)
        {
            Round();
        }

        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
        TrafficSnapshot s = rig.Worker.Counters.Snapshot();
        Assert.True(s.IsBalanced);
        Assert.Equal(s.Received, ((CountingFilter)p.Chain[0]).Seen);
        Assert.Equal(s.Forwarded, ((CountingFilter)p.Chain[2]).Seen);
    }
}
