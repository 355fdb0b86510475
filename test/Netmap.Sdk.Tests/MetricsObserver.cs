using System.Collections.Generic;
using System.Diagnostics.Metrics;

namespace Netmap.Sdk.Tests;

/// <summary>Reads every <c>Netmap.Sdk</c> measurement of one port through a <see cref="MeterListener"/>.</summary>
internal static class MetricsObserver
{
    public sealed record Measured(string Name, long Value, Dictionary<string, object?> Tags)
    {
        public string? Tag(string key) => Tags.TryGetValue(key, out object? v) ? v as string : null;
    }

    /// <summary>Every <c>Netmap.Sdk</c> measurement of one port, observed now.</summary>
    public static List<Measured> Observe(string port)
    {
        var seen = new List<Measured>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == NetmapMetrics.MeterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
        {
            var t = new Dictionary<string, object?>();
            foreach (var tag in tags)
            {
                t[tag.Key] = tag.Value;
            }

            if (Equals(t["netmap.port"], port))
            {
                seen.Add(new Measured(instrument.Name, value, t));
            }
        });
        listener.Start();
        listener.RecordObservableInstruments();
        return seen;
    }
}
