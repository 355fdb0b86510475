using System;
using System.Diagnostics;

namespace Netmap.Filters.Rules;

/// <summary>
/// A token-bucket policer: packets within rate and burst conform, others are counted as drops. Integer
/// arithmetic on caller-supplied timestamps, no allocation and no lock: one instance belongs to one worker.
/// </summary>
/// <remarks>
/// Tokens are kept in "unit × tick" so refill needs no division on the hot path; the bucket starts full, and a
/// clock that goes backwards refills nothing rather than throwing.
/// </remarks>
public sealed class TokenBucket
{
    private const long Limit = long.MaxValue / 4;
    private readonly long _rate;
    private readonly long _capacity;
    private readonly long _burstUnits;
    private readonly long _ticksPerSecond;
    private long _tokens;
    private long _lastTicks;
    private bool _started;

    /// <summary>Creates a full bucket.</summary>
    /// <param name="rate">Packets or bits per second (&gt; 0).</param>
    /// <param name="burst">Bucket size: packets, or bytes for <see cref="TokenBucketUnit.Bits"/> (&gt; 0).</param>
    /// <param name="unit">What rate and burst count.</param>
    /// <param name="ticksPerSecond">The clock's resolution; defaults to <see cref="Stopwatch.Frequency"/>.</param>
    public TokenBucket(long rate, long burst, TokenBucketUnit unit = TokenBucketUnit.Packets, long ticksPerSecond = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rate);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(burst);
        ArgumentOutOfRangeException.ThrowIfNegative(ticksPerSecond);
        _ticksPerSecond = ticksPerSecond == 0 ? Stopwatch.Frequency : ticksPerSecond;
        Unit = unit;
        Rate = rate;
        Burst = burst;
        long burstUnits = unit == TokenBucketUnit.Bits ? checked(burst * 8) : burst;
        if (rate > Limit || burstUnits > Limit / _ticksPerSecond)
        {
            throw new ArgumentOutOfRangeException(nameof(burst), "Rate or burst too large for 64-bit token arithmetic.");
        }

        _rate = rate;
        _burstUnits = burstUnits;
        _capacity = burstUnits * _ticksPerSecond;
        _tokens = _capacity;
    }

    /// <summary>What rate and burst count.</summary>
    public TokenBucketUnit Unit { get; }

    /// <summary>The configured rate.</summary>
    public long Rate { get; }

    /// <summary>The configured burst.</summary>
    public long Burst { get; }

    /// <summary>Packets that conformed.</summary>
    public long Passed { get; private set; }

    /// <summary>Packets that exceeded the rate (the policer's own drop counter).</summary>
    public long Dropped { get; private set; }

    /// <summary>Takes the tokens for one packet if there are enough.</summary>
    /// <param name="nowTicks">Now, on the clock given at construction (e.g. <see cref="Stopwatch.GetTimestamp"/>).</param>
    /// <param name="packetLength">The packet's length in bytes; used only in <see cref="TokenBucketUnit.Bits"/> mode.</param>
    /// <returns>True when the packet conforms; false when it exceeds and was counted as dropped.</returns>
    public bool Take(long nowTicks, int packetLength = 0)
    {
        Refill(nowTicks);
        long units = Unit == TokenBucketUnit.Bits ? Math.Max(0L, packetLength) * 8 : 1;
        // A packet larger than the whole bucket can never conform; checking first also keeps the product in range.
        if (units <= _burstUnits)
        {
            long cost = units * _ticksPerSecond;
            if (cost <= _tokens)
            {
                _tokens -= cost;
                Passed++;
                return true;
            }
        }

        Dropped++;
        return false;
    }

    private void Refill(long nowTicks)
    {
        if (!_started)
        {
            _started = true;
            _lastTicks = nowTicks;
            return;
        }

        long elapsed = nowTicks - _lastTicks;
        if (elapsed <= 0)
        {
            return;
        }

        _lastTicks = nowTicks;
        long missing = _capacity - _tokens;
        if (elapsed >= (missing / _rate) + 1)
        {
            _tokens = _capacity;
        }
        else
        {
            _tokens += elapsed * _rate;
        }
    }
}
