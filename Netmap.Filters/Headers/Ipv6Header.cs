using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of the fixed 40-byte IPv6 header.</summary>
public readonly ref struct Ipv6Header
{
    /// <summary>Bytes in the fixed header.</summary>
    public const int Size = 40;

    private readonly ReadOnlySpan<byte> _bytes;

    private Ipv6Header(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view when the bytes hold a whole version-6 fixed header.</summary>
    /// <param name="bytes">Bytes starting at the IPv6 header.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False when truncated or not version 6.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out Ipv6Header header)
    {
        bool ok = bytes.Length >= Size && bytes[0] >> 4 == 6;
        header = ok ? new Ipv6Header(bytes[..Size]) : default;
        return ok;
    }

    /// <summary>The IP version field (6 for a valid view).</summary>
    public byte Version => (byte)(Bytes.U8(_bytes, 0) >> 4);

    /// <summary>Traffic class (8 bits).</summary>
    public byte TrafficClass => (byte)((Bytes.U16(_bytes, 0) >> 4) & 0xFF);

    /// <summary>Flow label (20 bits).</summary>
    public uint FlowLabel => Bytes.U32(_bytes, 0) & 0x000F_FFFF;

    /// <summary>Payload length: bytes after the fixed header, extension headers included.</summary>
    public ushort PayloadLength => Bytes.U16(_bytes, 4);

    /// <summary>The first next-header value (an extension header or the upper layer).</summary>
    public byte NextHeader => Bytes.U8(_bytes, 6);

    /// <summary>Hop limit.</summary>
    public byte HopLimit => Bytes.U8(_bytes, 7);

    /// <summary>Source address (16 bytes).</summary>
    public ReadOnlySpan<byte> Source => Bytes.Slice(_bytes, 8, 16);

    /// <summary>Destination address (16 bytes).</summary>
    public ReadOnlySpan<byte> Destination => Bytes.Slice(_bytes, 24, 16);

    /// <summary>The whole fixed header.</summary>
    public ReadOnlySpan<byte> Raw => _bytes;
}
