using System;
using System.Buffers.Binary;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.DependencyInjection;
using Netmap.Filters;
using Netmap.Sdk;

namespace Netmap.Benchmarks;

/// <summary>
/// Per-packet cost of the pipeline on 60-byte UDP frames already in an RX ring (user-space netmap pipe): parse +
/// 3 filters + default, against a hand-written loop that reads the same fields at fixed offsets.
/// </summary>
[MemoryDiagnoser]
public class PipelineBenchmarks
{
    private const int Packets = 256;
    private NetmapPort _master = null!;
    private NetmapPort _slave = null!;
    private PipelineProcessor _three;
    private PipelineProcessor _empty;
    private PipelineProcessor _threeNoOps;

    [GlobalSetup]
    public void Setup()
    {
        string parent = "b" + Guid.NewGuid().ToString("N")[..8];
        _master = NetmapPort.Open($"netmap:{parent}{{1@conf:slots=1024");
        _slave = NetmapPort.Open($"netmap:{parent}}}1");
        TxRing tx = _master.TxRing(0);
        byte[] drop = BenchFrames.Udp(4321), pass = BenchFrames.Udp(53);
        for (int i = 0; i < Packets; i++)
        {
            tx.TryTransmit(i % 2 == 0 ? drop : pass);
        }

        _master.TxSync();
        _slave.RxSync();
        var services = new ServiceCollection().BuildServiceProvider();
        _three = new NetmapPipelineBuilder().Use<Count>().Use<TtlCheck>().Use<DropUdp4321>()
            .DefaultVerdict(Verdict.Forward(0)).CreateProcessor(services, "bench", false);
        _threeNoOps = new NetmapPipelineBuilder().Use<Count>().Use<NoOp>().Use<Count>()
            .DefaultVerdict(Verdict.Forward(0)).CreateProcessor(services, "bench", false);
        _empty = new NetmapPipelineBuilder().DefaultVerdict(Verdict.Forward(0)).CreateProcessor(services, "bench", false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _slave.Dispose();
        _master.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Packets)]
    public int HandWrittenLoop()
    {
        int dropped = 0;
        RxBatch batch = _slave.RxRing(0).Read();
        while (batch.MoveNext())
        {
            Span<byte> f = batch.Current.Data;
            if (f.Length >= 38 && BinaryPrimitives.ReadUInt16BigEndian(f[12..]) == 0x0800 && f[23] == 17 &&
                BinaryPrimitives.ReadUInt16BigEndian(f[(14 + ((f[14] & 0xf) * 4) + 2)..]) == 4321)
            {
                dropped++;
            }
        }

        return dropped;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int ParseLayoutOnly()
    {
        int dropped = 0;
        RxBatch batch = _slave.RxRing(0).Read();
        while (batch.MoveNext())
        {
            dropped += Netmap.Filters.Headers.PacketParser.ParseLayout(batch.Current.Data, Netmap.Filters.Headers.ParserLimits.Default).Protocol;
        }

        return dropped;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int ParsedFrameOnly()
    {
        int n = 0;
        RxBatch batch = _slave.RxRing(0).Read();
        while (batch.MoveNext())
        {
            n += Netmap.Filters.Headers.PacketParser.Parse(batch.Current.Data).Layout.Protocol;
        }

        return n;
    }

    [Benchmark(OperationsPerInvoke = Packets)]
    public int ParseAndDefault() => Run(_empty);

    [Benchmark(OperationsPerInvoke = Packets)]
    public int ParseAndThreeFilters() => Run(_three);

    /// <summary>The same chain length with filters that read nothing: what the chain itself costs.</summary>
    [Benchmark(OperationsPerInvoke = Packets)]
    public int ParseAndThreeNoOpFilters() => Run(_threeNoOps);

    private int Run(PipelineProcessor processor)
    {
        int dropped = 0;
        RxBatch batch = _slave.RxRing(0).Read();
        while (batch.MoveNext())
        {
            dropped += processor.Process(batch.Current).Kind == VerdictKind.Drop ? 1 : 0;
        }

        return dropped;
    }
}
