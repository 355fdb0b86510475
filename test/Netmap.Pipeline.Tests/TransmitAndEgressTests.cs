using System;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Filters;
using Netmap.Filters.Headers;
using Netmap.Sdk;
using Xunit;

namespace Netmap.Pipeline.Tests;

public sealed class TransmitAndEgressTests
{
    /// <summary>An echo responder: rewrites an ICMP echo request into the reply and sends it back where it came from.</summary>
    private sealed class EchoResponder : IPacketFilter
    {
        public FilterResult Invoke(ref PacketContext context)
        {
            PacketLayout layout = context.Layout;
            return PacketRewriter.EchoRequestToReply(context.Frame, layout) ? FilterResult.Transmit : FilterResult.Next;
        }
    }

    private sealed class DropUdp : IPacketFilter
    {
        public FilterResult Invoke(ref PacketContext context) => context.Parsed.TryGetUdp(out _) ? FilterResult.Drop : FilterResult.Next;
    }

    private static byte[] EchoRequest()
    {
        byte[] f = Frames.Udp(0);
        f[23] = 1;                    // ICMP
        f[34] = 8;                    // echo request
        f[35] = 0;
        f[36] = 0;
        f[37] = 0;
        ushort sum = Checksum.Compute(f.AsSpan(34, f.Length - 34));
        f[36] = (byte)(sum >> 8);
        f[37] = (byte)sum;
        // The IPv4 header checksum was computed for protocol 17: redo it for ICMP.
        f[24] = 0;
        f[25] = 0;
        ushort ip = Checksum.Compute(f.AsSpan(14, 20));
        f[24] = (byte)(ip >> 8);
        f[25] = (byte)ip;
        return f;
    }

    [Fact]
    public void Transmit_sends_the_rewritten_packet_back_out_of_its_port()
    {
        string parent = Pipes.Parent();
        using var master = NetmapPort.Open($"netmap:{parent}{{1");
        using var slave = NetmapPort.Open($"netmap:{parent}}}1");
        PipelineProcessor processor = new NetmapPipelineBuilder().Use(_ => new EchoResponder()).DefaultVerdict(Verdict.Drop)
            .CreateProcessor(new ServiceCollection().BuildServiceProvider(), slave.Name, hasHostRings: false);
        using var worker = new PacketWorker<PipelineProcessor>(new WorkerRings { NicPort = slave }, processor);
        byte[] request = EchoRequest();
        Assert.Equal(2, Pipes.Send(master, 0, request, Frames.Udp(53)));
        while (worker.Step(0) > 0)
        {
        }

        worker.Drain();
        master.RxSync();
        RxBatch batch = master.RxRing(0).Read();
        Assert.True(batch.MoveNext());
        byte[] reply = batch.Current.Data.ToArray();
        Assert.False(batch.MoveNext());
        Assert.Equal(0, reply[34]);                                        // echo reply
        Assert.Equal(request.AsSpan(26, 4).ToArray(), reply.AsSpan(30, 4).ToArray()); // addresses swapped
        Assert.Equal(request.AsSpan(0, 6).ToArray(), reply.AsSpan(6, 6).ToArray());   // MACs swapped
        Assert.True(Checksum.IsValid(reply.AsSpan(34, reply.Length - 34)));
        Assert.True(Checksum.IsValid(reply.AsSpan(14, 20)));
        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.Equal((2L, 1L, 1L), (s.Received, s.Transmitted, s.Dropped));
    }

    [Fact]
    public void The_egress_pipeline_decides_what_the_host_sends_to_the_wire()
    {
        string parent = Pipes.Parent();
        using var master = NetmapPort.Open($"netmap:{parent}{{1");
        using var slave = NetmapPort.Open($"netmap:{parent}}}1");
        var services = new ServiceCollection().BuildServiceProvider();
        PipelineProcessor withEgress = new NetmapPipelineBuilder().DefaultVerdict(Verdict.Drop).Egress(e => e.Use(_ => new DropUdp()))
            .CreateProcessor(services, "x", false);
        PipelineProcessor without = new NetmapPipelineBuilder().DefaultVerdict(Verdict.Drop).CreateProcessor(services, "x", false);
        Assert.Equal(2, Pipes.Send(master, 0, Frames.Udp(53), EchoRequest()));
        slave.RxSync();
        RxBatch batch = slave.RxRing(0).Read();
        Assert.True(batch.MoveNext());
        Assert.Equal(VerdictKind.Drop, withEgress.ProcessFromHost(batch.Current).Kind);
        Assert.Equal(VerdictKind.Transmit, without.ProcessFromHost(batch.Current).Kind);
        Assert.True(batch.MoveNext());
        Assert.Equal(VerdictKind.Transmit, withEgress.ProcessFromHost(batch.Current).Kind);
    }
}
