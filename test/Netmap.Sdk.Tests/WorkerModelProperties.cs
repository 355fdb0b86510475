using System;
using System.Collections.Generic;
using System.Linq;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;

namespace Netmap.Sdk.Tests;

/// <summary>
/// Model-based property over the user-space netmap: random traffic, batch sizes, ring sizes and a slow consumer
/// that keeps the destination full. After every step the accounting identities hold, every verdict was asked for
/// exactly once per received packet, and what arrived is exactly the model's prefix of forwarded packets, in order
/// and intact. At the end everything is delivered: nothing lost, nothing duplicated.
/// </summary>
public sealed class WorkerModelProperties
{
    private enum Op
    {
        Inject,
        Step,
        Consume,
    }

    private sealed record Scenario(int SourceSlots, int SinkSlots, int Batch, int DropEvery, (Op Op, int N)[] Ops)
    {
        public override string ToString() =>
            $"source {SourceSlots} slots, sink {SinkSlots}, batch {Batch}, drop every {DropEvery}: " +
            string.Join(" ", Ops.Select(o => $"{o.Op}({o.N})"));
    }

    private static Arbitrary<Scenario> Scenarios() =>
        (from sourceSlots in Gen.Elements(4, 7, 16, 64)
         from sinkSlots in Gen.Elements(2, 3, 5, 8, 32)
         from batch in Gen.Choose(1, 20)
         from dropEvery in Gen.Elements(0, 2, 3, 7)
         from ops in Gen.ArrayOf(
             Gen.Frequency(
                 (3, Gen.Choose(1, 12).Select(n => (Op.Inject, n))),
                 (4, Gen.Constant((Op.Step, 0))),
                 (2, Gen.Choose(1, 6).Select(n => (Op.Consume, n)))))
         select new Scenario(sourceSlots, sinkSlots, batch, dropEvery, ops)).ToArbitrary();

    /// <summary>
    /// The buffer indexes in the slot arrays of both pipes. Swaps move indexes between rings but never create or
    /// lose one, so the set is the same after every step; a paired pipe ring may show an index twice (the sender's
    /// copy of a slot in flight), never three times.
    /// </summary>
    private static HashSet<uint> Buffers(params PipePair[] pipes)
    {
        var seen = new Dictionary<uint, int>();
        foreach (PipePair pipe in pipes)
        {
            foreach (NetmapPort end in new[] { pipe.Master, pipe.Slave })
            {
                Count(end.TxRing(0).View.Slots, seen);
                Count(end.RxRing(0).View.Slots, seen);
            }
        }

        foreach (var (index, count) in seen)
        {
            if (count > 2 || index < 2)
            {
                throw new InvalidOperationException($"buffer {index} appears {count} times");
            }
        }

        return [.. seen.Keys];
    }

    private static void Count(Span<Netmap.Interop.NetmapSlot> slots, Dictionary<uint, int> seen)
    {
        foreach (Netmap.Interop.NetmapSlot slot in slots)
        {
            seen[slot.BufIdx] = seen.GetValueOrDefault(slot.BufIdx) + 1;
        }
    }

    [Property(MaxTest = 150)]
    public Property Every_packet_is_accounted_for_after_every_step() =>
        Prop.ForAll(Scenarios(), scenario =>
        {
            string parent = PipePair.UniqueParent();
            using var anchor = new PipePair(parent, "0", "@conf:slots=64"); // sizes the parent's private region (see README)
            using var source = new PipePair(parent, "1", $"@conf:slots={scenario.SourceSlots}");
            using var sink = new PipePair(parent, "2", $"@conf:slots={scenario.SinkSlots}");
            using var worker = new PacketWorker<SequenceProcessor>(
                new WorkerRings { NicPort = source.Slave, Targets = [new ForwardTarget(sink.Master, 0)], BatchSize = scenario.Batch },
                new SequenceProcessor { DropEvery = scenario.DropEvery });
            var frame = new byte[64];
            uint injected = 0;
            HashSet<uint> buffers = Buffers(source, sink);
            var delivered = new List<uint>();

            void Check(string when)
            {
                TrafficSnapshot s = worker.Counters.Snapshot();
                var expected = Enumerable.Range(0, (int)injected).Select(i => (uint)i)
                    .Where(q => scenario.DropEvery == 0 || q % scenario.DropEvery != 0);
                if (!s.IsBalanced || s.Received != worker.Processor.Calls || s.Queued is < 0 or > 1 ||
                    !delivered.SequenceEqual(expected.Take(delivered.Count)) || s.Received > injected)
                {
                    throw new InvalidOperationException(
                        $"{when}: received {s.Received} calls {worker.Processor.Calls} dropped {s.Dropped} forwarded {s.Forwarded} " +
                        $"queued {s.Queued}, injected {injected}, delivered [{string.Join(",", delivered)}]");
                }
            }

            void CheckBuffers(string when)
            {
                HashSet<uint> now = Buffers(source, sink);
                if (!now.SetEquals(buffers))
                {
                    throw new InvalidOperationException($"{when}: a buffer index was lost or introduced by a swap");
                }
            }

            void Consume(int max)
            {
                sink.Slave.RxSync();
                RxRing rx = sink.Slave.RxRing(0);
                RxBatch batch = rx.Read(max);
                foreach (Packet p in batch)
                {
                    if (!SequenceFrames.IsIntact(p.Data))
                    {
                        throw new InvalidOperationException($"packet {SequenceFrames.Read(p.Data)} arrived corrupted");
                    }

                    delivered.Add(SequenceFrames.Read(p.Data));
                }

                rx.AdvanceTo(batch.Position);
                sink.Slave.RxSync();
            }

            foreach (var (op, n) in scenario.Ops)
            {
                switch (op)
                {
                    case Op.Inject:
                        TxRing tx = source.Master.TxRing(0);
                        for (int i = 0; i < n; i++)
                        {
                            SequenceFrames.Write(frame, injected);
                            if (!tx.TryTransmit(frame))
                            {
                                break;
                            }

                            injected++;
                        }

                        source.Master.TxSync();
                        break;
                    case Op.Step:
                        worker.Step(0);
                        break;
                    default:
                        Consume(n);
                        break;
                }

                Check($"after {op}({n})");
                CheckBuffers($"after {op}({n})");
            }

            // Drain: a fast consumer until everything has gone through.
            for (int round = 0; round < 10_000 && worker.Counters.Snapshot().Received < injected | worker.Counters.Snapshot().Queued > 0; round++)
            {
                source.Master.TxSync();
                worker.Step(0);
                Consume(int.MaxValue);
                Check("draining");
            }

            worker.Drain(); // flushes the destination TX ring: the last forwarded packets leave with this txsync
            Consume(int.MaxValue);
            Check("end");
            CheckBuffers("end");
            TrafficSnapshot end = worker.Counters.Snapshot();
            int forwarded = Enumerable.Range(0, (int)injected).Count(q => scenario.DropEvery == 0 || q % scenario.DropEvery != 0);
            if (!(end.Received == injected && end.Forwarded == forwarded && delivered.Count == forwarded && end.Queued == 0))
            {
                throw new InvalidOperationException(
                    $"end: injected {injected} received {end.Received} forwarded {end.Forwarded}/{forwarded} delivered {delivered.Count} queued {end.Queued}");
            }

            return true;
        });
}
