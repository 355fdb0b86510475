using System;
using System.Collections.Generic;
using System.IO;
using Netmap.Sdk;

namespace Netmap.Drop;

/// <summary>Per-second lines in pkt-gen's spirit, and the closing accounting of every packet.</summary>
internal sealed class StatsPrinter(TextWriter output)
{
    private TrafficSnapshot _last;
    private DateTime _lastTime = DateTime.UtcNow;

    public static TrafficSnapshot Sum(IEnumerable<TrafficSnapshot> workers)
    {
        TrafficSnapshot total = default;
        foreach (TrafficSnapshot s in workers)
        {
            total.Received += s.Received;
            total.Dropped += s.Dropped;
            total.ToHost += s.ToHost;
            total.Forwarded += s.Forwarded;
            total.Transmitted += s.Transmitted;
            total.Unsendable += s.Unsendable;
            total.Queued += s.Queued;
            total.ReceivedBytes += s.ReceivedBytes;
            total.HostReceived += s.HostReceived;
            total.HostToWire += s.HostToWire;
            total.HostDropped += s.HostDropped;
            total.HostQueued += s.HostQueued;
        }

        return total;
    }

    public void Tick(TrafficSnapshot now, string toHostLabel)
    {
        DateTime time = DateTime.UtcNow;
        double seconds = Math.Max((time - _lastTime).TotalSeconds, 1e-6);
        output.WriteLine(
            $"{Rate((now.Received - _last.Received) / seconds)}pps received  {Rate((now.Dropped - _last.Dropped) / seconds)}pps dropped  " +
            $"{Rate((now.ToHost + now.Forwarded - _last.ToHost - _last.Forwarded) / seconds)}pps {toHostLabel}");
        _last = now;
        _lastTime = time;
    }

    public void Summary(TrafficSnapshot s, string toHostLabel)
    {
        output.WriteLine(
            $"Received {s.Received} packets: {s.Dropped} dropped, {s.ToHost + s.Forwarded} {toHostLabel}, {s.Transmitted} transmitted, " +
            $"{s.Unsendable} unsendable, {s.Queued} queued ({(s.IsBalanced ? "every packet accounted for" : "UNBALANCED")}).");
    }

    // pkt-gen's units: divide by 1000 while >= 1000, three decimals, then the unit.
    internal static string Rate(double value)
    {
        string[] units = ["", "K", "M", "G", "T"];
        int u = 0;
        while (value >= 1000 && u < units.Length - 1)
        {
            value /= 1000;
            u++;
        }

        return $"{value:0.000} {units[u]}";
    }
}
