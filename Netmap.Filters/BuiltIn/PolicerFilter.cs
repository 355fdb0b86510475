using System;
using System.Diagnostics;
using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>Options of <see cref="PolicerFilter"/>.</summary>
public sealed class PolicerOptions
{
    /// <summary>Sustained rate, in packets or bytes per second (see <see cref="Unit"/>).</summary>
    public long Rate { get; set; } = 1000;

    /// <summary>Burst size, in packets or bytes.</summary>
    public long Burst { get; set; } = 100;

    /// <summary>Packets or bytes.</summary>
    public TokenBucketUnit Unit { get; set; } = TokenBucketUnit.Packets;
}

/// <summary>
/// A token-bucket policer: packets over the rate are dropped (and counted by its own bucket), the rest go on.
/// One bucket per worker, so each ring pair is policed at the configured rate. The clock is read once per batch
/// (in <see cref="OnBatch"/>), not per packet: a batch's packets arrived together.
/// </summary>
public sealed class PolicerFilter : IPacketFilter
{
    private readonly TokenBucket _bucket;
    private readonly TimeProvider _time;
    private long _now;

    /// <summary>Created by DI.</summary>
    /// <param name="options">Rate, burst and unit.</param>
    /// <param name="timeProvider">The clock (null: <see cref="TimeProvider.System"/>, i.e. <see cref="Stopwatch"/>).</param>
    public PolicerFilter(IOptions<PolicerOptions> options, TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _time = timeProvider ?? TimeProvider.System;
        _bucket = new TokenBucket(options.Value.Rate, options.Value.Burst, options.Value.Unit, _time.TimestampFrequency);
        _now = _time.GetTimestamp();
    }

    /// <summary>The bucket (its Passed and Dropped counters).</summary>
    public TokenBucket Bucket => _bucket;

    /// <inheritdoc />
    public void OnBatch(int slotsAvailable) => _now = _time.GetTimestamp();

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context) =>
        _bucket.Take(_now, context.Packet.Length) ? FilterResult.Next : FilterResult.Drop;
}
