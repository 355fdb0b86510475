using System;

namespace Netmap.Filters.Headers;

/// <summary>A read-only view of an Ethernet II header (destination, source, EtherType) at the start of a frame.</summary>
public readonly ref struct EthernetHeader
{
    /// <summary>Bytes in an untagged Ethernet header.</summary>
    public const int Size = 14;

    private readonly ReadOnlySpan<byte> _bytes;

    private EthernetHeader(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Creates a view when <paramref name="frame"/> holds at least a whole Ethernet header.</summary>
    /// <param name="frame">The frame, starting at the destination MAC.</param>
    /// <param name="header">The view, or a default view reading zeros.</param>
    /// <returns>False for runts shorter than 14 bytes.</returns>
    public static bool TryRead(ReadOnlySpan<byte> frame, out EthernetHeader header)
    {
        header = frame.Length >= Size ? new EthernetHeader(frame[..Size]) : default;
        return frame.Length >= Size;
    }

    /// <summary>Destination MAC address (6 bytes).</summary>
    public ReadOnlySpan<byte> Destination => Bytes.Slice(_bytes, 0, 6);

    /// <summary>Source MAC address (6 bytes).</summary>
    public ReadOnlySpan<byte> Source => Bytes.Slice(_bytes, 6, 6);

    /// <summary>The outermost EtherType; a VLAN TPID when the frame is tagged.</summary>
    public ushort EtherType => Bytes.U16(_bytes, 12);

    /// <summary>True when the destination is a group (multicast or broadcast) address.</summary>
    public bool IsMulticast => (Bytes.U8(_bytes, 0) & 1) != 0;

    /// <summary>True when the destination is ff:ff:ff:ff:ff:ff.</summary>
    public bool IsBroadcast => _bytes.Length >= 6 && _bytes[..6].IndexOfAnyExcept((byte)0xFF) < 0;
}
