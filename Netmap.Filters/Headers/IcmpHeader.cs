using System;

namespace Netmap.Filters.Headers;

/// <summary>
/// A read-only view of an ICMP (IPv4) or ICMPv6 message header: type, code, checksum and the 4-byte rest-of-header,
/// which echo messages use for identifier and sequence.
/// </summary>
/// <remarks>Both protocols share this layout, so one view serves both; the parser says which one it found.</remarks>
public readonly ref struct IcmpHeader
{
    /// <summary>Bytes in the header (type, code, checksum, rest-of-header).</summary>
    public const int Size = 8;

    /// <summary>ICMP echo reply type.</summary>
    public const byte EchoReply = 0;

    /// <summary>ICMP echo request type.</summary>
    public const byte EchoRequest = 8;

    /// <summary>ICMPv6 echo request type.</summary>
    public const byte V6EchoRequest = 128;

    /// <summary>ICMPv6 echo reply type.</summary>
    public const byte V6EchoReply = 129;

    private readonly ReadOnlySpan<byte> _bytes;

    private IcmpHeader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view over a whole ICMP message (header and body) of at least 8 bytes.</summary>
    /// <param name="message">Bytes of the ICMP message.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False when truncated.</returns>
    public static bool TryRead(ReadOnlySpan<byte> message, out IcmpHeader header)
    {
        header = message.Length >= Size ? new IcmpHeader(message) : default;
        return message.Length >= Size;
    }

    /// <summary>Message type.</summary>
    public byte Type => Bytes.U8(_bytes, 0);

    /// <summary>Message code.</summary>
    public byte Code => Bytes.U8(_bytes, 1);

    /// <summary>The checksum as stored.</summary>
    public ushort Checksum => Bytes.U16(_bytes, 2);

    /// <summary>Echo identifier (meaningful for echo messages).</summary>
    public ushort Identifier => Bytes.U16(_bytes, 4);

    /// <summary>Echo sequence number (meaningful for echo messages).</summary>
    public ushort SequenceNumber => Bytes.U16(_bytes, 6);

    /// <summary>The message after the 8-byte header.</summary>
    public ReadOnlySpan<byte> Body => _bytes.Length > Size ? _bytes[Size..] : ReadOnlySpan<byte>.Empty;

    /// <summary>The whole message as viewed.</summary>
    public ReadOnlySpan<byte> Raw => _bytes;
}
