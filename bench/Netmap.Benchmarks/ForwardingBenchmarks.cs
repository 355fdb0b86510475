using System;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Filters;
using Netmap.Sdk;

namespace Netmap.Benchmarks;

/// <summary>
/// The whole path on the user-space netmap, per packet: copy a built frame into a pipe, txsync, one worker round
/// (poll, parse, 3 filters, zero-copy forward of the survivors), rxsync and release at the far end.
/// </summary>
[MemoryDiagnoser]
public class ForwardingBenchmarks
{
    private const int Packets = 256;
    private NetmapPort _inMaster = null!, _inSlave = null!, _outMaster = null!, _outSlave = null!;
    private PacketWorker<PipelineProcessor> _worker = null!;
    private byte[] _drop = null!, _pass = null!;

    [GlobalSetup]
    public void Setup()
    {
        string parent = "b" + Guid.NewGuid().ToString("N")[..8];
        _inMaster = NetmapPort.Open($"netmap:{parent}{{1@conf:slots=1024");
        _inSlave = NetmapPort.Open($"netmap:{parent}}}1");
        _outMaster = NetmapPort.Open($"netmap:{parent}{{2@conf:slots=1024");
        _outSlave = NetmapPort.Open($"netmap:{parent}}}2");
        PipelineProcessor p = new NetmapPipelineBuilder().Use<Count>().Use<TtlCheck>().Use<DropUdp4321>()
            .DefaultVerdict(Verdict.Forward(0)).CreateProcessor(new ServiceCollection().BuildServiceProvider(), "bench", false);
        _worker = new PacketWorker<PipelineProcessor>(
            new WorkerRings { NicPort = _inSlave, Targets = [new ForwardTarget(_outMaster, 0)], BatchSize = Packets }, p);
        _drop = BenchFrames.Udp(4321);
        _pass = BenchFrames.Udp(53);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _worker.Dispose();
        _outSlave.Dispose();
        _outMaster.Dispose();
        _inSlave.Dispose();
        _inMaster.Dispose();
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public long InjectFilterForwardReceive()
    {
        TxRing tx = _inMaster.TxRing(0);
        for (int i = 0; i < Packets; i++)
        {
            tx.TryTransmit(i % 2 == 0 ? _drop : _pass);
        }

        _inMaster.TxSync();
        _worker.Step(0);
        _outMaster.TxSync();
        _outSlave.RxSync();
        RxRing rx = _outSlave.RxRing(0);
        RxBatch batch = rx.Read();
        long n = 0;
        while (batch.MoveNext())
        {
            n++;
        }

        rx.AdvanceTo(batch.Position);
        _outSlave.RxSync();
        return n;
    }
}
