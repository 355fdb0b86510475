using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Netmap.Sdk;

/// <summary>
/// The SDK's one <see cref="Meter"/> (<c>Netmap.Sdk</c>), seen by dotnet-counters, OpenTelemetry and any
/// <see cref="MeterListener"/>. Instruments read the workers' counters when observed, so the hot path only
/// increments plain fields. Tags: <c>netmap.port</c>, <c>netmap.ring</c>, <c>netmap.direction</c> (<c>wire</c> for
/// traffic from the NIC, <c>host</c> for traffic from the kernel stack) and <c>netmap.verdict</c>; frames lost before
/// the rings are <c>netmap.losses</c>, tagged <c>netmap.port</c>, <c>netmap.ring</c> and <c>netmap.loss</c>
/// (<c>rx_ring_full</c>, <c>rx_dropped</c>, <c>tx_dropped</c>, <c>host_rx_dropped</c>), for workers whose netmap
/// reports them.
/// </summary>
public static class NetmapMetrics
{
    /// <summary>The meter name to subscribe to (e.g. <c>dotnet-counters monitor --counters Netmap.Sdk</c>).</summary>
    public const string MeterName = "Netmap.Sdk";

    private static readonly ConcurrentDictionary<TrafficCounters, (string Port, int Ring)> Sources = new();
    private static readonly Meter Meter = new(MeterName, typeof(NetmapMetrics).Assembly.GetName().Version?.ToString());

    static NetmapMetrics()
    {
        Meter.CreateObservableCounter("netmap.packets", ObservePackets, "{packet}",
            "Packets by the ring they arrived on and what became of them.");
        Meter.CreateObservableCounter("netmap.bytes", ObserveBytes, "By", "Bytes received from the wire.");
        Meter.CreateObservableUpDownCounter("netmap.packets.queued", ObserveQueued, "{packet}",
            "Packets with a verdict waiting in an RX ring for room at their destination.");
        Meter.CreateObservableCounter("netmap.losses", ObserveLosses, "{packet}",
            "Frames lost before (or, tx_dropped, after) the rings, by cause, as the netmap counts them.");
    }

    /// <summary>Makes a worker's counters observable under <paramref name="port"/> and <paramref name="ring"/>.</summary>
    public static void Register(TrafficCounters counters, string port, int ring) => Sources[counters] = (port, ring);

    /// <summary>Stops observing a worker's counters.</summary>
    public static void Unregister(TrafficCounters counters) => Sources.TryRemove(counters, out _);

    private static IEnumerable<Measurement<long>> ObservePackets()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            yield return Tagged(s.Received, port, ring, "wire", "received");
            yield return Tagged(s.Dropped, port, ring, "wire", "dropped");
            yield return Tagged(s.ToHost, port, ring, "wire", "to_host");
            yield return Tagged(s.Forwarded, port, ring, "wire", "forwarded");
            yield return Tagged(s.Transmitted, port, ring, "wire", "transmitted");
            yield return Tagged(s.Unsendable, port, ring, "wire", "unsendable");
            yield return Tagged(s.Copied, port, ring, "wire", "copied");
            yield return Tagged(s.HostReceived, port, ring, "host", "received");
            yield return Tagged(s.HostToWire, port, ring, "host", "to_wire");
            yield return Tagged(s.HostDropped, port, ring, "host", "dropped");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveBytes()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            yield return Tagged(counters.Snapshot().ReceivedBytes, port, ring, "wire", "received");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveQueued()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            yield return Tagged(s.Queued, port, ring, "wire", "queued");
            yield return Tagged(s.HostQueued, port, ring, "host", "queued");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveLosses()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            if (!s.LossesKnown)
            {
                continue;
            }

            yield return Loss(s.LostRxRingFull, port, ring, "rx_ring_full");
            yield return Loss(s.LostRxDropped, port, ring, "rx_dropped");
            yield return Loss(s.LostTxDropped, port, ring, "tx_dropped");
            yield return Loss(s.LostHostRx, port, ring, "host_rx_dropped");
        }
    }

    private static Measurement<long> Loss(long value, string port, int ring, string loss) =>
        new(value,
            new KeyValuePair<string, object?>("netmap.port", port),
            new KeyValuePair<string, object?>("netmap.ring", ring),
            new KeyValuePair<string, object?>("netmap.loss", loss));

    private static Measurement<long> Tagged(long value, string port, int ring, string direction, string verdict) =>
        new(value,
            new KeyValuePair<string, object?>("netmap.port", port),
            new KeyValuePair<string, object?>("netmap.ring", ring),
            new KeyValuePair<string, object?>("netmap.direction", direction),
            new KeyValuePair<string, object?>("netmap.verdict", verdict));
}
