namespace Netmap.Filters.Rules;

/// <summary>What a <see cref="TokenBucket"/> counts.</summary>
public enum TokenBucketUnit : byte
{
    /// <summary>Rate in packets per second, burst in packets; every packet costs one token.</summary>
    Packets = 0,

    /// <summary>Rate in bits per second, burst in bytes (as tc's police does); a packet costs its length in bits.</summary>
    Bits = 1,
}
