using System;

namespace Netmap.Filters.Headers;

/// <summary>
/// A read-only view of one IPv6 extension header (hop-by-hop, routing, fragment, destination options or AH),
/// sized by its own length field.
/// </summary>
public readonly ref struct Ipv6ExtensionHeader
{
    private readonly ReadOnlySpan<byte> _bytes;

    private Ipv6ExtensionHeader(ReadOnlySpan<byte> bytes, byte kind)
    {
        _bytes = bytes;
        Kind = kind;
    }

    /// <summary>True for the next-header values this view (and the parser's walk) treats as extension headers.</summary>
    /// <param name="nextHeader">A next-header value.</param>
    /// <returns>Whether the value names an extension header rather than an upper layer.</returns>
    public static bool IsExtension(byte nextHeader) => nextHeader is IpProtocols.HopByHop or IpProtocols.Routing
        or IpProtocols.Fragment or IpProtocols.DestinationOptions or IpProtocols.AuthenticationHeader;

    /// <summary>Bytes occupied by an extension header of the given kind, read from its length field.</summary>
    /// <param name="kind">The next-header value that announced it.</param>
    /// <param name="bytes">Bytes starting at the extension header.</param>
    /// <returns>The length in bytes, or -1 when even the length field is missing.</returns>
    public static int LengthOf(byte kind, ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return -1;
        }

        return kind switch
        {
            IpProtocols.Fragment => 8,
            // RFC 4302: AH counts 32-bit words minus 2, unlike every other extension header.
            IpProtocols.AuthenticationHeader => (bytes[1] + 2) * 4,
            _ => (bytes[1] + 1) * 8,
        };
    }

    /// <summary>Creates a view when the whole extension header fits in <paramref name="bytes"/>.</summary>
    /// <param name="kind">The next-header value that announced it.</param>
    /// <param name="bytes">Bytes starting at the extension header.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False when <paramref name="kind"/> is not an extension header or the header is truncated.</returns>
    public static bool TryRead(byte kind, ReadOnlySpan<byte> bytes, out Ipv6ExtensionHeader header)
    {
        header = default;
        if (!IsExtension(kind))
        {
            return false;
        }

        int length = LengthOf(kind, bytes);
        if (length < 0 || length > bytes.Length)
        {
            return false;
        }

        header = new Ipv6ExtensionHeader(bytes[..length], kind);
        return true;
    }

    /// <summary>Which extension header this is (its next-header number).</summary>
    public byte Kind { get; }

    /// <summary>The next-header value this header announces.</summary>
    public byte NextHeader => Bytes.U8(_bytes, 0);

    /// <summary>Length in bytes of this header.</summary>
    public int Length => _bytes.Length;

    /// <summary>For a fragment header: the fragment offset in bytes; otherwise 0.</summary>
    public int FragmentOffset => Kind == IpProtocols.Fragment ? Bytes.U16(_bytes, 2) & 0xFFF8 : 0;

    /// <summary>For a fragment header: the M (more fragments) flag.</summary>
    public bool MoreFragments => Kind == IpProtocols.Fragment && (Bytes.U16(_bytes, 2) & 1) != 0;

    /// <summary>For a fragment header: the identification.</summary>
    public uint Identification => Kind == IpProtocols.Fragment ? Bytes.U32(_bytes, 4) : 0;

    /// <summary>The whole extension header.</summary>
    public ReadOnlySpan<byte> Raw => _bytes;
}
