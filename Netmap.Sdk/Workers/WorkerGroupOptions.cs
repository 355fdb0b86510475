using System;
using System.Collections.Generic;

namespace Netmap.Sdk;

/// <summary>How a <see cref="NetmapWorkerGroup"/> runs its threads.</summary>
public sealed record WorkerGroupOptions
{
    /// <summary>CPU for worker i (its thread is pinned there); null or shorter lists leave threads unpinned.</summary>
    public IReadOnlyList<int>? Cpus { get; init; }

    /// <summary>How long a worker waits in poll() when idle before checking for a stop (ms).</summary>
    public int PollTimeoutMilliseconds { get; init; } = 100;

    /// <summary>Prefix of the thread names (worker i is "{prefix}{i}").</summary>
    public string ThreadNamePrefix { get; init; } = "netmap-worker-";

    /// <summary>Checks the values.</summary>
    /// <exception cref="ArgumentOutOfRangeException">A value is out of range.</exception>
    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfNegative(PollTimeoutMilliseconds);
        if (Cpus is not null)
        {
            foreach (int cpu in Cpus)
            {
                ArgumentOutOfRangeException.ThrowIfNegative(cpu, nameof(Cpus));
            }
        }
    }
}
