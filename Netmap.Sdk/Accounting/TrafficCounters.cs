using System.Threading;

namespace Netmap.Sdk;

/// <summary>
/// Counters of one worker, written by its thread alone and read by others through <see cref="Snapshot"/>: a
/// sequence number (odd while an update is in progress) lets a reader retry instead of taking a lock, so the
/// identities hold in every snapshot.
/// </summary>
public sealed class TrafficCounters
{
    private long _sequence;
    private TrafficSnapshot _values;

    /// <summary>A consistent copy of the counters.</summary>
    public TrafficSnapshot Snapshot()
    {
        var spinner = new SpinWait();
        while (true)
        {
            long before = Volatile.Read(ref _sequence);
            if ((before & 1) == 0)
            {
                TrafficSnapshot copy = _values;
                Interlocked.MemoryBarrier();
                if (Volatile.Read(ref _sequence) == before)
                {
                    return copy;
                }
            }

            spinner.SpinOnce();
        }
    }

    /// <summary>Starts an update (worker thread only).</summary>
    internal ref TrafficSnapshot BeginUpdate()
    {
        Volatile.Write(ref _sequence, _sequence + 1);

        // The odd sequence must be visible before any counter write that follows; a release write alone only
        // orders what came before it. One fence per batch, never per packet.
        Interlocked.MemoryBarrier();
        return ref _values;
    }

    /// <summary>Ends an update (worker thread only).</summary>
    internal void EndUpdate() => Volatile.Write(ref _sequence, _sequence + 1);
}
