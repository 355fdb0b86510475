using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of an IPv4 header including its options.</summary>
public readonly ref struct Ipv4Header
{
    /// <summary>Bytes in a header without options.</summary>
    public const int MinimumSize = 20;

    private readonly ReadOnlySpan<byte> _bytes;

    private Ipv4Header(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>
    /// Creates a view when the bytes hold a version-4 header whose IHL is at least 5 and fits; total length is not
    /// checked here (the parser reports it) so a filter can still look at a header whose packet was cut short.
    /// </summary>
    /// <param name="bytes">Bytes starting at the IPv4 header.</param>
    /// <param name="header">The view over exactly IHL×4 bytes, or a default view reading zeros.</param>
    /// <returns>False when the header is truncated, not version 4, or has a bad IHL.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out Ipv4Header header)
    {
        header = default;
        if (bytes.Length < MinimumSize || bytes[0] >> 4 != 4)
        {
            return false;
        }

        int length = (bytes[0] & 0x0F) * 4;
        if (length < MinimumSize || length > bytes.Length)
        {
            return false;
        }

        header = new Ipv4Header(bytes[..length]);
        return true;
    }

    /// <summary>The IP version field (4 for a valid view).</summary>
    public byte Version => (byte)(Bytes.U8(_bytes, 0) >> 4);

    /// <summary>Internet header length in 32-bit words.</summary>
    public byte Ihl => (byte)(Bytes.U8(_bytes, 0) & 0x0F);

    /// <summary>Header length in bytes (IHL × 4).</summary>
    public int HeaderLength => Ihl * 4;

    /// <summary>Differentiated services code point (6 bits).</summary>
    public byte Dscp => (byte)(Bytes.U8(_bytes, 1) >> 2);

    /// <summary>Explicit congestion notification (2 bits).</summary>
    public byte Ecn => (byte)(Bytes.U8(_bytes, 1) & 0x03);

    /// <summary>Total length of the packet (header + payload) as the header claims.</summary>
    public ushort TotalLength => Bytes.U16(_bytes, 2);

    /// <summary>Identification, shared by the fragments of one datagram.</summary>
    public ushort Identification => Bytes.U16(_bytes, 4);

    /// <summary>The don't-fragment flag.</summary>
    public bool DontFragment => (Bytes.U16(_bytes, 6) & 0x4000) != 0;

    /// <summary>The more-fragments flag.</summary>
    public bool MoreFragments => (Bytes.U16(_bytes, 6) & 0x2000) != 0;

    /// <summary>Fragment offset in bytes (the field × 8).</summary>
    public int FragmentOffset => (Bytes.U16(_bytes, 6) & 0x1FFF) * 8;

    /// <summary>True for any fragment: more-fragments set or a non-zero offset.</summary>
    public bool IsFragment => MoreFragments || FragmentOffset != 0;

    /// <summary>Time to live.</summary>
    public byte Ttl => Bytes.U8(_bytes, 8);

    /// <summary>The upper-layer protocol number.</summary>
    public byte Protocol => Bytes.U8(_bytes, 9);

    /// <summary>The header checksum as stored.</summary>
    public ushort HeaderChecksum => Bytes.U16(_bytes, 10);

    /// <summary>Source address (4 bytes, network order).</summary>
    public ReadOnlySpan<byte> Source => Bytes.Slice(_bytes, 12, 4);

    /// <summary>Destination address (4 bytes, network order).</summary>
    public ReadOnlySpan<byte> Destination => Bytes.Slice(_bytes, 16, 4);

    /// <summary>Source address as a big-endian number (192.0.2.1 is 0xC0000201).</summary>
    public uint SourceAddress => Bytes.U32(_bytes, 12);

    /// <summary>Destination address as a big-endian number.</summary>
    public uint DestinationAddress => Bytes.U32(_bytes, 16);

    /// <summary>The options (IHL×4 − 20 bytes, possibly empty).</summary>
    public ReadOnlySpan<byte> Options => _bytes.Length > MinimumSize ? _bytes[MinimumSize..] : ReadOnlySpan<byte>.Empty;

    /// <summary>The whole header (IHL×4 bytes).</summary>
    public ReadOnlySpan<byte> Raw => _bytes;

    /// <summary>True when the header checksum verifies.</summary>
    public bool IsChecksumValid => _bytes.Length >= MinimumSize && Checksum.IsValid(_bytes);
}
