using System;

namespace Netmap.Filters.Headers;

/// <summary>
/// A read-only view of one 802.1Q/802.1ad tag: the 4 bytes after its TPID, i.e. the TCI and the EtherType that follows.
/// </summary>
public readonly ref struct VlanTag
{
    /// <summary>Bytes a tag adds to a frame (TPID + TCI).</summary>
    public const int Size = 4;

    private readonly ReadOnlySpan<byte> _bytes;

    private VlanTag(ReadOnlySpan<byte> bytes) => _bytes = bytes;

    /// <summary>Reads the <paramref name="index"/>-th tag (0 = outermost) of a frame.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <param name="index">Tag position, outermost first.</param>
    /// <param name="tag">The view, or a default view reading zeros.</param>
    /// <returns>False when the frame has fewer tags or is truncated inside one.</returns>
    public static bool TryRead(ReadOnlySpan<byte> frame, int index, out VlanTag tag)
    {
        tag = default;
        if (index < 0 || index > 64)
        {
            return false;
        }

        int tpidOffset = 12;
        for (int i = 0; ; i++)
        {
            if (!EtherTypes.IsVlanTag(Bytes.U16(frame, tpidOffset)) || frame.Length < tpidOffset + 2 + Size)
            {
                return false;
            }

            if (i == index)
            {
                tag = new VlanTag(frame.Slice(tpidOffset + 2, Size));
                return true;
            }

            tpidOffset += Size;
        }
    }

    /// <summary>The whole tag control information field.</summary>
    public ushort Tci => Bytes.U16(_bytes, 0);

    /// <summary>Priority code point (3 bits).</summary>
    public byte Priority => (byte)(Tci >> 13);

    /// <summary>Drop eligible indicator.</summary>
    public bool DropEligible => (Tci & 0x1000) != 0;

    /// <summary>VLAN identifier (12 bits).</summary>
    public ushort VlanId => (ushort)(Tci & 0x0FFF);

    /// <summary>The EtherType (or next TPID) after this tag.</summary>
    public ushort InnerEtherType => Bytes.U16(_bytes, 2);
}
