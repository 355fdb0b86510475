using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Rules;
using Xunit;

namespace Netmap.Filters.Tests.Rules;

public sealed class TokenBucketTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void A_full_bucket_passes_the_burst_then_counts_drops_until_it_refills()
    {
        var bucket = new TokenBucket(rate: 10, burst: 3, ticksPerSecond: Second);
        Assert.True(bucket.Take(0) && bucket.Take(0) && bucket.Take(0));
        Assert.False(bucket.Take(0));
        Assert.False(bucket.Take(Second / 20)); // half a token
        Assert.True(bucket.Take(Second / 10));
        Assert.Equal((4L, 2L), (bucket.Passed, bucket.Dropped));
        Assert.True(bucket.Take(100 * Second) && bucket.Take(100 * Second) && bucket.Take(100 * Second));
        Assert.False(bucket.Take(100 * Second)); // refill never exceeds the burst
    }

    [Fact]
    public void Bits_mode_charges_the_packet_length_and_never_passes_a_packet_larger_than_the_burst()
    {
        var bucket = new TokenBucket(rate: 8_000, burst: 1_500, TokenBucketUnit.Bits, Second); // 1000 bytes/s
        Assert.True(bucket.Take(0, 1_000));
        Assert.False(bucket.Take(0, 1_000));
        Assert.True(bucket.Take(Second / 2, 1_000));
        Assert.False(bucket.Take(50 * Second, 1_501));
    }

    [Fact]
    public void A_clock_going_backwards_refills_nothing()
    {
        var bucket = new TokenBucket(1, 1, ticksPerSecond: Second);
        Assert.True(bucket.Take(10 * Second));
        Assert.False(bucket.Take(5 * Second));
        Assert.False(bucket.Take(10 * Second));
        Assert.True(bucket.Take(11 * Second));
    }

    [Fact]
    public void Arguments_are_checked()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(0, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new TokenBucket(1, long.MaxValue / 2));
    }

    [Property(MaxTest = 500)]
    public Property Passed_packets_never_exceed_burst_plus_rate_times_elapsed() =>
        Prop.ForAll(
            Gen.Choose(1, 10_000).ToArbitrary(), Gen.Choose(1, 100).ToArbitrary(),
            Gen.ArrayOf(Gen.Choose(0, 50_000)).ToArbitrary(),
            (rate, burst, gaps) =>
            {
                var bucket = new TokenBucket(rate, burst, ticksPerSecond: Second);
                long now = 0;
                foreach (int gap in gaps)
                {
                    now += gap;
                    bucket.Take(now);
                }

                long bound = burst + (rate * now / Second) + 1;
                return bucket.Passed <= bound && bucket.Passed + bucket.Dropped == gaps.Length;
            });
}
