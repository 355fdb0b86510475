using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of a TCP header including its options.</summary>
public readonly ref struct TcpHeader
{
    /// <summary>Bytes in a header without options.</summary>
    public const int MinimumSize = 20;

    private readonly ReadOnlySpan<byte> _bytes;

    private TcpHeader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view when the header and its options (data offset × 4 bytes) are present.</summary>
    /// <param name="bytes">Bytes starting at the TCP header.</param>
    /// <param name="header">The view over exactly data-offset × 4 bytes, or a default view reading zeros.</param>
    /// <returns>False when truncated or the data offset is below 5.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out TcpHeader header)
    {
        header = default;
        if (bytes.Length < MinimumSize)
        {
            return false;
        }

        int length = (bytes[12] >> 4) * 4;
        if (length < MinimumSize || length > bytes.Length)
        {
            return false;
        }

        header = new TcpHeader(bytes[..length]);
        return true;
    }

    /// <summary>Source port.</summary>
    public ushort SourcePort => Bytes.U16(_bytes, 0);

    /// <summary>Destination port.</summary>
    public ushort DestinationPort => Bytes.U16(_bytes, 2);

    /// <summary>Sequence number.</summary>
    public uint SequenceNumber => Bytes.U32(_bytes, 4);

    /// <summary>Acknowledgement number.</summary>
    public uint AcknowledgementNumber => Bytes.U32(_bytes, 8);

    /// <summary>Header length in bytes (data offset × 4).</summary>
    public int HeaderLength => (Bytes.U8(_bytes, 12) >> 4) * 4;

    /// <summary>The flag bits (CWR ECE URG ACK PSH RST SYN FIN, low 8 bits; NS in bit 8).</summary>
    public TcpFlags Flags => (TcpFlags)(Bytes.U16(_bytes, 12) & 0x01FF);

    /// <summary>Receive window.</summary>
    public ushort Window => Bytes.U16(_bytes, 14);

    /// <summary>The checksum as stored.</summary>
    public ushort Checksum => Bytes.U16(_bytes, 16);

    /// <summary>Urgent pointer.</summary>
    public ushort UrgentPointer => Bytes.U16(_bytes, 18);

    /// <summary>The options (possibly empty).</summary>
    public ReadOnlySpan<byte> Options => _bytes.Length > MinimumSize ? _bytes[MinimumSize..] : ReadOnlySpan<byte>.Empty;
}
