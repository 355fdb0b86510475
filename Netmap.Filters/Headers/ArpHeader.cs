using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of an ARP packet; address fields are sized by its own HLEN and PLEN.</summary>
public readonly ref struct ArpHeader
{
    /// <summary>Bytes before the address fields.</summary>
    public const int FixedSize = 8;

    /// <summary>ARP request operation.</summary>
    public const ushort Request = 1;

    /// <summary>ARP reply operation.</summary>
    public const ushort Reply = 2;

    private readonly ReadOnlySpan<byte> _bytes;

    private ArpHeader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view when the fixed part and all four addresses are present.</summary>
    /// <param name="bytes">Bytes starting at the ARP header.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False when truncated.</returns>
    public static bool TryRead(ReadOnlySpan<byte> bytes, out ArpHeader header)
    {
        header = default;
        if (bytes.Length < FixedSize)
        {
            return false;
        }

        int length = FixedSize + (2 * (bytes[4] + bytes[5]));
        if (length > bytes.Length)
        {
            return false;
        }

        header = new ArpHeader(bytes[..length]);
        return true;
    }

    /// <summary>Hardware type (1 = Ethernet).</summary>
    public ushort HardwareType => Bytes.U16(_bytes, 0);

    /// <summary>Protocol type (0x0800 = IPv4).</summary>
    public ushort ProtocolType => Bytes.U16(_bytes, 2);

    /// <summary>Hardware address length.</summary>
    public byte HardwareLength => Bytes.U8(_bytes, 4);

    /// <summary>Protocol address length.</summary>
    public byte ProtocolLength => Bytes.U8(_bytes, 5);

    /// <summary>Operation (1 request, 2 reply).</summary>
    public ushort Operation => Bytes.U16(_bytes, 6);

    /// <summary>Sender hardware address.</summary>
    public ReadOnlySpan<byte> SenderHardwareAddress => Bytes.Slice(_bytes, FixedSize, HardwareLength);

    /// <summary>Sender protocol address.</summary>
    public ReadOnlySpan<byte> SenderProtocolAddress =>
        Bytes.Slice(_bytes, FixedSize + HardwareLength, ProtocolLength);

    /// <summary>Target hardware address.</summary>
    public ReadOnlySpan<byte> TargetHardwareAddress =>
        Bytes.Slice(_bytes, FixedSize + HardwareLength + ProtocolLength, HardwareLength);

    /// <summary>Target protocol address.</summary>
    public ReadOnlySpan<byte> TargetProtocolAddress =>
        Bytes.Slice(_bytes, FixedSize + (2 * HardwareLength) + ProtocolLength, ProtocolLength);
}
