using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of a UDP header.</summary>
public readonly ref struct UdpHeader
{
    /// <summary>Bytes in a UDP header.</summary>
    public const int Size = 8;

    private readonly ReadOnlySpan<byte> _bytes;

    private UdpHeader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view when 8 bytes are present.</summary>
    /// <param name="bytes">Bytes starting at the UDP header.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False when truncated.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out UdpHeader header)
    {
        header = bytes.Length >= Size ? new UdpHeader(bytes[..Size]) : default;
        return bytes.Length >= Size;
    }

    /// <summary>Source port.</summary>
    public ushort SourcePort => Bytes.U16(_bytes, 0);

    /// <summary>Destination port.</summary>
    public ushort DestinationPort => Bytes.U16(_bytes, 2);

    /// <summary>The length field: header + payload.</summary>
    public ushort Length => Bytes.U16(_bytes, 4);

    /// <summary>The checksum as stored (0 = not computed, IPv4 only).</summary>
    public ushort Checksum => Bytes.U16(_bytes, 6);
}
