using System;
using System.Buffers.Binary;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Rules;

/// <summary>
/// A frame as tc ingress sees it: skb->protocol from eth_type_trans after skb_vlan_untag removed one outer tag,
/// reads relative to the network header, and a MAC header that (after untagging) sits right before it.
/// </summary>
internal readonly ref struct IngressView
{
    private readonly ReadOnlySpan<byte> _frame;
    private readonly int _network;
    private readonly bool _untagged;

    /// <param name="frame">The bytes keys may read (the first slot of a multi-slot packet).</param>
    /// <param name="packetLength">The whole packet's length, for police.</param>
    public IngressView(ReadOnlySpan<byte> frame, int packetLength)
    {
        _frame = frame;
        ushort type = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(12, 2));
        _network = EthernetHeader.Size;
        Valid = true;
        if (type is EtherTypes.Vlan or EtherTypes.QinQ)
        {
            // skb_vlan_untag needs the tag and two more bytes, or it frees the frame before tc runs.
            if (frame.Length < EthernetHeader.Size + VlanTag.Size + 2)
            {
                Valid = false;
                Protocol = 0;
                PoliceLength = 0;
                return;
            }

            type = BinaryPrimitives.ReadUInt16BigEndian(frame.Slice(16, 2));
            _network += VlanTag.Size;
            _untagged = true;
        }

        if (type < EtherTypes.MinimumEtherType)
        {
            // eth_type_trans: a length field means 802.3; raw IPX (0xFFFF) is ETH_P_802_3, the rest 802.2 LLC.
            bool raw = frame.Length >= _network + 2 && frame[_network] == 0xFF && frame[_network + 1] == 0xFF;
            type = raw ? TcProtocols.Ieee8023 : TcProtocols.Ieee8022;
        }

        Protocol = type;
        PoliceLength = packetLength - (_untagged ? VlanTag.Size : 0);
    }

    public bool Valid { get; }

    public ushort Protocol { get; }

    public int PoliceLength { get; }

    public bool TryReadWord(int offset, out uint word)
    {
        int at = _network + offset;
        if (offset >= 0 || !_untagged)
        {
            if (at >= 0 && at <= _frame.Length - 4)
            {
                word = BinaryPrimitives.ReadUInt32BigEndian(_frame.Slice(at, 4));
                return true;
            }

            word = 0;
            return false;
        }

        // Negative offsets on an untagged frame read the MAC header the kernel rebuilt: dst, src, inner type.
        word = 0;
        for (int i = 0; i < 4; i++)
        {
            int rel = offset + i;
            int b;
            if (rel >= 0)
            {
                int pos = _network + rel;
                if (pos >= _frame.Length)
                {
                    return false;
                }

                b = _frame[pos];
            }
            else
            {
                int mac = EthernetHeader.Size + rel;
                if (mac < 0)
                {
                    // Before the MAC header is skb headroom, whose contents no frame carries.
                    return false;
                }

                b = mac < 12 ? _frame[mac] : _frame[16 + mac - 12];
            }

            word = (word << 8) | (uint)b;
        }

        return true;
    }
}
