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
/// One bucket per worker, so each ring pair is policed at the configured rate.
/// </summary>
public sealed class PolicerFilter(IOptions<PolicerOptions> options) : IPacketFilter
{
    private readonly TokenBucket _bucket = new(options.Value.Rate, options.Value.Burst, options.Value.Unit, Stopwatch.Frequency);

    /// <summary>The bucket (its Passed and Dropped counters).</summary>
    public TokenBucket Bucket => _bucket;

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context) =>
        _bucket.Take(Stopwatch.GetTimestamp(), context.Packet.Length) ? FilterResult.Next : FilterResult.Drop;
}
