using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Linq;
using System.Net;
using System.Net.Sockets;

namespace Netmap.Filters.Rules;

/// <summary>An IPv4 or IPv6 address with a prefix length, matched without allocation.</summary>
public readonly struct IpPrefix : IEquatable<IpPrefix>
{
    private readonly ulong _high;
    private readonly ulong _low;
    private readonly ulong _highMask;
    private readonly ulong _lowMask;

    private IpPrefix(bool isIpv6, ulong high, ulong low, int prefixLength)
    {
        IsIpv6 = isIpv6;
        PrefixLength = prefixLength;
        UInt128 mask = prefixLength == 0 ? UInt128.Zero : UInt128.MaxValue << (128 - prefixLength);
        if (!isIpv6)
        {
            // IPv4 lives in the top 32 bits so one compare path serves both families.
            mask = prefixLength == 0 ? UInt128.Zero : (UInt128)(uint.MaxValue << (32 - prefixLength)) << 96;
        }

        _highMask = (ulong)(mask >> 64);
        _lowMask = (ulong)mask;
        _high = high & _highMask;
        _low = low & _lowMask;
    }

    /// <summary>True for an IPv6 prefix.</summary>
    public bool IsIpv6 { get; }

    /// <summary>Prefix length in bits.</summary>
    public int PrefixLength { get; }

    /// <summary>Creates a prefix from an address (host bits are cleared).</summary>
    /// <param name="address">An IPv4 or IPv6 address.</param>
    /// <param name="prefixLength">0–32 for IPv4, 0–128 for IPv6.</param>
    /// <returns>The prefix.</returns>
    public static IpPrefix Create(IPAddress address, int prefixLength)
    {
        ArgumentNullException.ThrowIfNull(address);
        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        byte[] bytes = address.GetAddressBytes();
        bool v6 = address.AddressFamily == AddressFamily.InterNetworkV6;
        int width = v6 ? 128 : 32;
        if (prefixLength < 0 || prefixLength > width)
        {
            throw new ArgumentOutOfRangeException(nameof(prefixLength), prefixLength, $"A prefix length is 0–{width} here.");
        }

        if (v6)
        {
            return new IpPrefix(
                true, BinaryPrimitives.ReadUInt64BigEndian(bytes), BinaryPrimitives.ReadUInt64BigEndian(bytes.AsSpan(8)),
                prefixLength);
        }

        return new IpPrefix(false, (ulong)BinaryPrimitives.ReadUInt32BigEndian(bytes) << 32, 0, prefixLength);
    }

    /// <summary>Parses "198.18.0.1", "198.18.0.0/15", "2001:db8::/32"; no prefix means a single host.</summary>
    /// <param name="text">The text.</param>
    /// <param name="prefix">The prefix when valid.</param>
    /// <returns>Whether the text is a valid prefix.</returns>
    public static bool TryParse(string text, out IpPrefix prefix)
    {
        prefix = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int slash = text.IndexOf('/', StringComparison.Ordinal);
        string addressText = slash < 0 ? text : text[..slash];
        if (!IPAddress.TryParse(addressText, out IPAddress? address)
            || (address.AddressFamily == AddressFamily.InterNetworkV6 && address.ScopeId != 0)
            || (address.AddressFamily == AddressFamily.InterNetwork && addressText.Count(c => c == '.') != 3))
        {
            // IPAddress.TryParse accepts "1" and "1.2" (inet_aton forms); rules want the dotted quad.
            return false;
        }

        int width = address.AddressFamily == AddressFamily.InterNetworkV6 ? 128 : 32;
        int length = width;
        if (slash >= 0)
        {
            string lengthText = text[(slash + 1)..];
            if (lengthText.Length is 0 or > 3 || !lengthText.All(char.IsAsciiDigit)
                || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out length) || length > width)
            {
                return false;
            }
        }

        prefix = Create(address, length);
        return true;
    }

    /// <summary>Parses like <see cref="TryParse"/> or throws <see cref="FormatException"/>.</summary>
    /// <param name="text">The text.</param>
    /// <returns>The prefix.</returns>
    public static IpPrefix Parse(string text) =>
        TryParse(text, out IpPrefix prefix) ? prefix : throw new FormatException($"'{text}' is not an IP address or prefix.");

    /// <summary>True when <paramref name="address"/> (4 or 16 bytes, network order) is inside this prefix.</summary>
    /// <param name="address">The address bytes; a length of the other family never matches.</param>
    /// <returns>Whether it matches.</returns>
    public bool Contains(ReadOnlySpan<byte> address)
    {
        if (IsIpv6)
        {
            return address.Length == 16
                && (BinaryPrimitives.ReadUInt64BigEndian(address) & _highMask) == _high
                && (BinaryPrimitives.ReadUInt64BigEndian(address[8..]) & _lowMask) == _low;
        }

        return address.Length == 4 && (((ulong)BinaryPrimitives.ReadUInt32BigEndian(address) << 32) & _highMask) == _high;
    }

    /// <inheritdoc/>
    public bool Equals(IpPrefix other) =>
        IsIpv6 == other.IsIpv6 && PrefixLength == other.PrefixLength && _high == other._high && _low == other._low;

    /// <inheritdoc/>
    public override bool Equals(object? obj) => obj is IpPrefix other && Equals(other);

    /// <inheritdoc/>
    public override int GetHashCode() => HashCode.Combine(IsIpv6, PrefixLength, _high, _low);

    /// <summary>Equality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether equal.</returns>
    public static bool operator ==(IpPrefix left, IpPrefix right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    /// <param name="left">Left.</param>
    /// <param name="right">Right.</param>
    /// <returns>Whether different.</returns>
    public static bool operator !=(IpPrefix left, IpPrefix right) => !left.Equals(right);

    /// <summary>"address/length".</summary>
    /// <returns>The text form.</returns>
    public override string ToString()
    {
        Span<byte> bytes = stackalloc byte[16];
        BinaryPrimitives.WriteUInt64BigEndian(bytes, _high);
        BinaryPrimitives.WriteUInt64BigEndian(bytes[8..], _low);
        var address = new IPAddress(IsIpv6 ? bytes : bytes[..4]);
        return string.Create(CultureInfo.InvariantCulture, $"{address}/{PrefixLength}");
    }
}
