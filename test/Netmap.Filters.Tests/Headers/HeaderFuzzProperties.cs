using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests.Headers;

/// <summary>
/// Every view, the parser and the rewriters on valid, mutated and random frames: nothing throws (spans would
/// throw on any read past the frame, so this also proves no out-of-bounds read), and writes stay inside the frame.
/// </summary>
public sealed class HeaderFuzzProperties
{
    [Property(MaxTest = 2000)]
    public Property Parser_and_views_never_throw_on_any_frame() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
        {
            ParsedFrame parsed = PacketParser.Parse(frame);
            TouchEverything(parsed);
            PacketParser.Parse(frame, new ParserLimits(0, 0));
            PacketParser.Parse(frame, new ParserLimits(8, 64));
            for (int offset = 0; offset <= frame.Length; offset++)
            {
                TouchViewsAt(frame, offset);
            }

            return true;
        });

    [Property(MaxTest = 1000)]
    public Property Rewriters_write_only_inside_the_frame() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
        {
            const int Guard = 32;
            var buffer = new byte[frame.Length + (2 * Guard)];
            buffer.AsSpan().Fill(0xA5);
            frame.CopyTo(buffer, Guard);
            Span<byte> slot = buffer.AsSpan(Guard, frame.Length);
            PacketLayout layout = PacketParser.ParseLayout(slot, ParserLimits.Default);
            PacketRewriter.SwapMacs(slot);
            PacketRewriter.SwapIpAddresses(slot, layout);
            PacketRewriter.SetTtl(slot, layout, 7);
            PacketRewriter.EchoRequestToReply(slot, layout);
            // A layout from another frame must be refused, not trusted.
            PacketRewriter.SetTtl(slot[..(slot.Length / 2)], layout, 1);
            return buffer.AsSpan(0, Guard).IndexOfAnyExcept((byte)0xA5) < 0
                && buffer.AsSpan(Guard + frame.Length).IndexOfAnyExcept((byte)0xA5) < 0;
        });

    [Property(MaxTest = 1000)]
    public Property A_frame_at_the_end_of_a_larger_buffer_parses_as_the_frame_alone() =>
        Prop.ForAll(FrameGenerators.AnyFrames(), frame =>
        {
            // Garbage before the slot must never be read: the layout depends only on the slot's bytes.
            var buffer = new byte[frame.Length + 64];
            new Random(frame.Length).NextBytes(buffer);
            frame.CopyTo(buffer, 64);
            PacketLayout inBuffer = PacketParser.ParseLayout(buffer.AsSpan(64), ParserLimits.Default);
            PacketLayout alone = PacketParser.ParseLayout(frame, ParserLimits.Default);
            return inBuffer.Equals(alone);
        });

    [Property(MaxTest = 1000)]
    public Property Default_views_read_zeros_instead_of_throwing() =>
        Prop.ForAll(Gen.Constant(0).ToArbitrary(), _ =>
        {
            TouchIpv4(default);
            TouchIpv6(default);
            TouchTcp(default);
            TouchIcmp(default);
            TouchArp(default);
            EthernetHeader e = default;
            UdpHeader u = default;
            VlanTag v = default;
            Ipv6ExtensionHeader x = default;
            return e.EtherType == 0 && e.Destination.IsEmpty && !e.IsBroadcast && u.DestinationPort == 0 && v.VlanId == 0
                && x.NextHeader == 0 && x.FragmentOffset == 0;
        });

    private static void TouchEverything(ParsedFrame p)
    {
        _ = p.Layout.IsWellFormed;
        _ = p.SourceAddress.Length + p.DestinationAddress.Length + p.DestinationPort + p.SourcePort + p.Transport.Length;
        if (p.TryGetEthernet(out EthernetHeader eth))
        {
            _ = eth.Source.Length + eth.Destination.Length + eth.EtherType;
            _ = eth.IsBroadcast || eth.IsMulticast;
        }

        if (p.TryGetIpv4(out Ipv4Header v4))
        {
            TouchIpv4(v4);
        }

        if (p.TryGetIpv6(out Ipv6Header v6))
        {
            TouchIpv6(v6);
        }

        if (p.TryGetUdp(out UdpHeader udp))
        {
            _ = udp.SourcePort + udp.DestinationPort + udp.Length + udp.Checksum;
        }

        if (p.TryGetTcp(out TcpHeader tcp))
        {
            TouchTcp(tcp);
        }

        if (p.TryGetIcmp(out IcmpHeader icmp))
        {
            TouchIcmp(icmp);
        }

        if (p.TryGetIcmpv6(out IcmpHeader icmp6))
        {
            TouchIcmp(icmp6);
        }

        if (p.TryGetArp(out ArpHeader arp))
        {
            TouchArp(arp);
        }

        for (int i = 0; i < 4; i++)
        {
            if (VlanTag.TryRead(p.Frame, i, out VlanTag tag))
            {
                _ = tag.Tci + tag.Priority + tag.VlanId + tag.InnerEtherType;
                _ = tag.DropEligible;
            }
        }
    }

    private static void TouchViewsAt(byte[] frame, int offset)
    {
        ReadOnlySpan<byte> s = frame.AsSpan(offset);
        if (Ipv4Header.TryRead(s, out Ipv4Header v4))
        {
            TouchIpv4(v4);
        }

        if (Ipv6Header.TryRead(s, out Ipv6Header v6))
        {
            TouchIpv6(v6);
        }

        if (TcpHeader.TryRead(s, out TcpHeader tcp))
        {
            TouchTcp(tcp);
        }

        if (UdpHeader.TryRead(s, out UdpHeader udp))
        {
            _ = udp.SourcePort + udp.DestinationPort + udp.Length + udp.Checksum;
        }

        if (IcmpHeader.TryRead(s, out IcmpHeader icmp))
        {
            TouchIcmp(icmp);
        }

        if (ArpHeader.TryRead(s, out ArpHeader arp))
        {
            TouchArp(arp);
        }

        foreach (byte kind in new byte[] { 0, 43, 44, 51, 60, 17 })
        {
            if (Ipv6ExtensionHeader.TryRead(kind, s, out Ipv6ExtensionHeader x))
            {
                _ = x.NextHeader + x.Length + x.FragmentOffset + x.Identification + x.Raw.Length;
                _ = x.MoreFragments;
            }

            _ = Ipv6ExtensionHeader.LengthOf(kind, s);
        }

        if (EthernetHeader.TryRead(s, out EthernetHeader eth))
        {
            _ = eth.EtherType;
        }
    }

    private static void TouchIpv4(Ipv4Header h)
    {
        _ = h.Version + h.Ihl + h.HeaderLength + h.Dscp + h.Ecn + h.TotalLength + h.Identification + h.FragmentOffset
            + h.Ttl + h.Protocol + h.HeaderChecksum + h.Source.Length + h.Destination.Length + h.SourceAddress
            + h.DestinationAddress + h.Options.Length + h.Raw.Length;
        _ = h.DontFragment || h.MoreFragments || h.IsFragment || h.IsChecksumValid;
    }

    private static void TouchIpv6(Ipv6Header h) =>
        _ = h.Version + h.TrafficClass + h.FlowLabel + h.PayloadLength + h.NextHeader + h.HopLimit + h.Source.Length
            + h.Destination.Length + h.Raw.Length;

    private static void TouchTcp(TcpHeader h) =>
        _ = h.SourcePort + h.DestinationPort + h.SequenceNumber + h.AcknowledgementNumber + h.HeaderLength + (int)h.Flags
            + h.Window + h.Checksum + h.UrgentPointer + h.Options.Length;

    private static void TouchIcmp(IcmpHeader h) =>
        _ = h.Type + h.Code + h.Checksum + h.Identifier + h.SequenceNumber + h.Body.Length + h.Raw.Length;

    private static void TouchArp(ArpHeader h) =>
        _ = h.HardwareType + h.ProtocolType + h.HardwareLength + h.ProtocolLength + h.Operation
            + h.SenderHardwareAddress.Length + h.SenderProtocolAddress.Length + h.TargetHardwareAddress.Length
            + h.TargetProtocolAddress.Length;
}
