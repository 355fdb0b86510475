using System.Collections.Generic;
using System.Diagnostics.Metrics;
using System.Linq;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class LossMetricsTests
{
    [Fact]
    public void A_pipe_worker_knows_it_lost_nothing_and_publishes_netmap_losses_as_zeros()
    {
        using var source = new PipePair();
        using var worker = new PacketWorker<ConstantProcessor>(new WorkerRings { NicPort = source.Slave }, new ConstantProcessor(Verdict.Drop));
        Assert.True(source.Master.TxRing(0).TryTransmit(new byte[60]));
        source.Master.TxSync();
        while (worker.Step(0) > 0)
        {
        }

        worker.SampleLosses();
        TrafficSnapshot s = worker.Counters.Snapshot();
        Assert.True(s.LossesKnown);
        Assert.Equal(0, s.LostRxRingFull + s.LostRxDropped + s.LostTxDropped + s.LostHostRx);
        Assert.Equal(1, s.Received);
        Assert.True(s.IsBalanced);

        Dictionary<string, long> losses = Observe(source.Slave.Name);
        Assert.Equal(["host_rx_dropped", "rx_dropped", "rx_ring_full", "tx_dropped"], [.. losses.Keys.Order()]);
        Assert.All(losses.Values, v => Assert.Equal(0, v));
    }

    /// <summary>The <c>netmap.losses</c> measurements of one port's ring 0, by their <c>netmap.loss</c> tag.</summary>
    internal static Dictionary<string, long> Observe(string port)
    {
        var seen = new Dictionary<string, long>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NetmapMetrics.MeterName && instrument.Name == "netmap.losses")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            string? loss = null;
            bool ours = false;
            foreach (var tag in tags)
            {
                ours |= tag.Key == "netmap.port" && Equals(tag.Value, port);
                ours &= tag.Key != "netmap.ring" || Equals(tag.Value, 0);
                loss = tag.Key == "netmap.loss" ? (string?)tag.Value : loss;
            }

            if (ours && loss is not null)
            {
                seen[loss] = value;
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
