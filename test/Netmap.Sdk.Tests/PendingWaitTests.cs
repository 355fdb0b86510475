using System.Diagnostics;
using Netmap.Interop;
using Xunit;

namespace Netmap.Sdk.Tests;

/// <summary>A packet waiting for room at a full destination: the worker sleeps in poll until that ring has room.</summary>
public sealed class PendingWaitTests
{
    [Fact]
    public void A_packet_waiting_for_a_full_forward_target_sleeps_in_poll_instead_of_spinning_and_goes_once_there_is_room()
    {
        using var source = new PipePair();
        using var sink = new PipePair();
        int filled = Fill(sink);
        var frame = new byte[60];
        using var worker = new PacketWorker<ConstantProcessor>(
            new WorkerRings { NicPort = source.Slave, Targets = [new ForwardTarget(sink.Master, 0)] }, new ConstantProcessor(Verdict.Forward(0)));
        Assert.True(source.Master.TxRing(0).TryTransmit(frame));
        source.Master.TxSync();
        Assert.Equal(0, worker.Step(0));
        Assert.Equal(1, worker.Counters.Snapshot().Received);

        // The worker's own port has TX room; only the target's room may wake it.
        var sw = Stopwatch.StartNew();
        worker.Step(300);
        Assert.True(sw.ElapsedMilliseconds >= 250, $"poll returned after {sw.ElapsedMilliseconds} ms with nothing to do");

        // The sink's reader frees one slot: the next round sends the waiting packet.
        sink.Slave.RxSync();
        RxRing rx = sink.Slave.RxRing(0);
        rx.AdvanceTo(rx.Tail);
        sink.Slave.RxSync();
        worker.Step(1000);
        TrafficSnapshot c = worker.Counters.Snapshot();
        Assert.Equal((1L, 1L), (c.Received, c.Forwarded));
        Assert.True(filled > 0);
    }

    [Fact]
    public void A_graceful_drain_waits_for_a_slow_destination_by_time_not_by_rounds()
    {
        using var source = new PipePair();
        using var sink = new PipePair();
        Fill(sink);
        using var worker = new PacketWorker<ConstantProcessor>(
            new WorkerRings { NicPort = source.Slave, Targets = [new ForwardTarget(sink.Master, 0)] }, new ConstantProcessor(Verdict.Forward(0)));
        Assert.True(source.Master.TxRing(0).TryTransmit(new byte[60]));
        source.Master.TxSync();
        worker.Step(0);

        // The sink's reader comes back only after 200 ms.
        var reader = new System.Threading.Thread(() =>
        {
            System.Threading.Thread.Sleep(200);
            sink.Slave.RxSync();
            RxRing rx = sink.Slave.RxRing(0);
            rx.AdvanceTo(rx.Tail);
            sink.Slave.RxSync();
        });
        reader.Start();
        worker.Drain();
        reader.Join();
        TrafficSnapshot c = worker.Counters.Snapshot();
        Assert.Equal((1L, 1L, 0L), (c.Received, c.Forwarded, c.Queued));
    }

    /// <summary>Fills the master's TX ring of <paramref name="sink"/> until its unread slave RX ring takes no more.</summary>
    private static int Fill(PipePair sink)
    {
        TxRing target = sink.Master.TxRing(0);
        var frame = new byte[60];
        int filled = 0;
        while (true)
        {
            while (target.TryTransmit(frame))
            {
                filled++;
            }

            sink.Master.TxSync();
            if (!target.TryTransmit(frame))
            {
                return filled;
            }

            filled++;
        }
    }
}
