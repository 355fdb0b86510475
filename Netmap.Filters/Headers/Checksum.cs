using System;
using System.Buffers.Binary;

namespace Netmap.Filters.Headers;

/// <summary>
/// The Internet checksum (RFC 1071): full computation, the UDP/TCP/ICMPv6 pseudo-headers, and incremental update
/// (RFC 1624) for filters that rewrite a field and must not re-sum the whole packet.
/// </summary>
public static class Checksum
{
    /// <summary>Adds the 16-bit big-endian words of <paramref name="data"/> to a running sum (odd tail padded).</summary>
    /// <param name="data">The bytes to add.</param>
    /// <param name="sum">A running sum from an earlier call or a pseudo-header, else 0.</param>
    /// <returns>The new running sum, not yet folded.</returns>
    public static ulong Add(ReadOnlySpan<byte> data, ulong sum = 0)
    {
        // 32-bit reads into a 64-bit accumulator: carries are kept and folded once at the end.
        while (data.Length >= 4)
        {
            sum += BinaryPrimitives.ReadUInt32BigEndian(data);
            data = data[4..];
        }

        if (data.Length >= 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(data);
            data = data[2..];
        }

        if (data.Length == 1)
        {
            sum += (uint)data[0] << 8;
        }

        return sum;
    }

    /// <summary>Folds a running sum to 16 bits (end-around carry), without complementing it.</summary>
    /// <param name="sum">A running sum.</param>
    /// <returns>The ones'-complement sum.</returns>
    public static ushort Fold(ulong sum)
    {
        while (sum > 0xFFFF)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)sum;
    }

    /// <summary>The checksum to store for <paramref name="data"/> whose checksum field is zero.</summary>
    /// <param name="data">The covered bytes (e.g. an IPv4 header with its checksum field zeroed).</param>
    /// <param name="initial">A pseudo-header sum, or 0.</param>
    /// <returns>The ones' complement of the ones'-complement sum.</returns>
    public static ushort Compute(ReadOnlySpan<byte> data, ulong initial = 0) => (ushort)~Fold(Add(data, initial));

    /// <summary>True when the covered bytes, checksum field included, sum to 0xFFFF (or 0: +0 and −0 are equal).</summary>
    /// <param name="data">The covered bytes with the stored checksum.</param>
    /// <param name="initial">A pseudo-header sum, or 0.</param>
    /// <returns>Whether the stored checksum verifies.</returns>
    public static bool IsValid(ReadOnlySpan<byte> data, ulong initial = 0) => Fold(Add(data, initial)) is 0xFFFF;

    /// <summary>The running sum of the IPv4 pseudo-header used by UDP and TCP.</summary>
    /// <param name="source">Source address (4 bytes).</param>
    /// <param name="destination">Destination address (4 bytes).</param>
    /// <param name="protocol">The protocol number.</param>
    /// <param name="length">The UDP/TCP length (header + data).</param>
    /// <returns>A running sum for <see cref="Compute"/> or <see cref="IsValid"/>.</returns>
    public static ulong PseudoHeaderIpv4(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte protocol, int length)
    {
        if (source.Length != 4 || destination.Length != 4)
        {
            throw new ArgumentException("IPv4 addresses are 4 bytes.");
        }

        return Add(destination, Add(source)) + protocol + (uint)(ushort)length;
    }

    /// <summary>The running sum of the IPv6 pseudo-header used by UDP, TCP and ICMPv6 (RFC 8200 §8.1).</summary>
    /// <param name="source">Source address (16 bytes).</param>
    /// <param name="destination">Final destination address (16 bytes).</param>
    /// <param name="nextHeader">The upper-layer protocol number.</param>
    /// <param name="length">The upper-layer packet length.</param>
    /// <returns>A running sum for <see cref="Compute"/> or <see cref="IsValid"/>.</returns>
    public static ulong PseudoHeaderIpv6(ReadOnlySpan<byte> source, ReadOnlySpan<byte> destination, byte nextHeader, int length)
    {
        if (source.Length != 16 || destination.Length != 16)
        {
            throw new ArgumentException("IPv6 addresses are 16 bytes.");
        }

        return Add(destination, Add(source)) + (uint)length + nextHeader;
    }

    /// <summary>
    /// RFC 1624 eqn. 3, HC' = ~(~HC + ~m + m'): the new checksum after a 16-bit field changed from
    /// <paramref name="oldValue"/> to <paramref name="newValue"/>.
    /// </summary>
    /// <param name="checksum">The stored checksum HC.</param>
    /// <param name="oldValue">The field's old value m.</param>
    /// <param name="newValue">The field's new value m'.</param>
    /// <returns>The checksum to store.</returns>
    public static ushort Update(ushort checksum, ushort oldValue, ushort newValue)
    {
        // Eqn. 3 rather than eqn. 2 (HC - m - m'): it never yields the -0 that RFC 1624 §3 warns about.
        ulong sum = (ushort)~checksum + (ulong)(ushort)~oldValue + newValue;
        return (ushort)~Fold(sum);
    }

    /// <summary>RFC 1624 update for a 32-bit field (an IPv4 address, a TCP sequence number): both halves at once.</summary>
    /// <param name="checksum">The stored checksum.</param>
    /// <param name="oldValue">The field's old value (big-endian number).</param>
    /// <param name="newValue">The field's new value.</param>
    /// <returns>The checksum to store.</returns>
    public static ushort Update(ushort checksum, uint oldValue, uint newValue)
    {
        ulong sum = (ushort)~checksum
            + (ulong)(ushort)~(oldValue >> 16) + (ushort)~oldValue
            + (newValue >> 16) + (newValue & 0xFFFF);
        return (ushort)~Fold(sum);
    }
}
