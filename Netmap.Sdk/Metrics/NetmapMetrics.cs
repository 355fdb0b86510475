using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Netmap.Sdk;

/// <summary>
/// The SDK's one <see cref="Meter"/> (<c>Netmap.Sdk</c>), seen by dotnet-counters, OpenTelemetry and any
/// <see cref="MeterListener"/>. Instruments read the workers' counters when observed, so the hot path only
/// increments plain fields. Every instrument is tagged <c>netmap.port</c> and <c>netmap.ring</c>; the packet
/// instruments also <c>netmap.direction</c> (<c>wire</c> for traffic from the NIC, <c>host</c> for traffic from the
/// kernel stack). Each instrument's values add up over its own tags:
/// <list type="bullet">
/// <item><c>netmap.packets.received</c>: packets that got a verdict.</item>
/// <item><c>netmap.packets</c>, tagged <c>netmap.verdict</c> (wire: <c>dropped</c>, <c>to_host</c>, <c>forwarded</c>,
/// <c>transmitted</c>, <c>unsendable</c>; host: <c>to_wire</c>, <c>dropped</c>): what became of them, so its sum over
/// <c>netmap.verdict</c> plus <c>netmap.packets.queued</c> is <c>netmap.packets.received</c>.</item>
/// <item><c>netmap.packets.queued</c>: packets with a verdict waiting for room at their destination.</item>
/// <item><c>netmap.packets.copied</c>: of the sent packets, those copied instead of swapped (a subset, not an outcome).</item>
/// <item><c>netmap.bytes</c>: bytes received from the wire.</item>
/// <item><c>netmap.handoff.packets</c>, tagged <c>netmap.outcome</c> (<c>sent</c>, <c>dropped</c>): packets other
/// workers handed to this worker, put on its TX rings or dropped.</item>
/// <item><c>netmap.losses</c>, tagged <c>netmap.loss</c> (<c>rx_ring_full</c>, <c>rx_dropped</c>, <c>tx_dropped</c>,
/// <c>host_rx_dropped</c>): frames lost before the rings, for workers whose netmap reports them.</item>
/// </list>
/// </summary>
public static class NetmapMetrics
{
    /// <summary>The meter name to subscribe to (e.g. <c>dotnet-counters monitor --counters Netmap.Sdk</c>).</summary>
    public const string MeterName = "Netmap.Sdk";

    private static readonly ConcurrentDictionary<TrafficCounters, (string Port, int Ring)> Sources = new();
    private static readonly Meter Meter = new(MeterName, typeof(NetmapMetrics).Assembly.GetName().Version?.ToString());

    static NetmapMetrics()
    {
        Meter.CreateObservableCounter("netmap.packets.received", ObserveReceived, "{packet}",
            "Packets received on a ring that got a verdict.");
        Meter.CreateObservableCounter("netmap.packets", ObservePackets, "{packet}",
            "Packets by the ring they arrived on and what became of them (plus netmap.packets.queued: all received).");
        Meter.CreateObservableCounter("netmap.packets.copied", ObserveCopied, "{packet}",
            "Of the packets sent on (to host, forwarded, transmitted), those copied instead of swapped.");
        Meter.CreateObservableCounter("netmap.handoff.packets", ObserveHandoff, "{packet}",
            "Packets other workers handed to this one through hand-off queues, by outcome (sent on its TX rings, dropped).");
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
            yield return Tagged(s.Dropped, port, ring, "wire", "dropped");
            yield return Tagged(s.ToHost, port, ring, "wire", "to_host");
            yield return Tagged(s.Forwarded, port, ring, "wire", "forwarded");
            yield return Tagged(s.Transmitted, port, ring, "wire", "transmitted");
            yield return Tagged(s.Unsendable, port, ring, "wire", "unsendable");
            yield return Tagged(s.HostToWire, port, ring, "host", "to_wire");
            yield return Tagged(s.HostDropped, port, ring, "host", "dropped");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveReceived()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            yield return Directed(s.Received, port, ring, "wire");
            yield return Directed(s.HostReceived, port, ring, "host");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveCopied()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            yield return Directed(counters.Snapshot().Copied, port, ring, "wire");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveHandoff()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            yield return Outcome(s.HandoffSent, port, ring, "sent");
            yield return Outcome(s.HandoffDropped, port, ring, "dropped");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveBytes()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            yield return Directed(counters.Snapshot().ReceivedBytes, port, ring, "wire");
        }
    }

    private static IEnumerable<Measurement<long>> ObserveQueued()
    {
        foreach (var (counters, (port, ring)) in Sources)
        {
            TrafficSnapshot s = counters.Snapshot();
            yield return Directed(s.Queued, port, ring, "wire");
            yield return Directed(s.HostQueued, port, ring, "host");
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

    private static Measurement<long> Outcome(long value, string port, int ring, string outcome) =>
        new(value,
            new KeyValuePair<string, object?>("netmap.port", port),
            new KeyValuePair<string, object?>("netmap.ring", ring),
            new KeyValuePair<string, object?>("netmap.outcome", outcome));

    private static Measurement<long> Directed(long value, string port, int ring, string direction) =>
        new(value,
            new KeyValuePair<string, object?>("netmap.port", port),
            new KeyValuePair<string, object?>("netmap.ring", ring),
            new KeyValuePair<string, object?>("netmap.direction", direction));

    private static Measurement<long> Tagged(long value, string port, int ring, string direction, string verdict) =>
        new(value,
            new KeyValuePair<string, object?>("netmap.port", port),
            new KeyValuePair<string, object?>("netmap.ring", ring),
            new KeyValuePair<string, object?>("netmap.direction", direction),
            new KeyValuePair<string, object?>("netmap.verdict", verdict));
}
