using System;
using System.Buffers.Binary;
using Netmap.Filters.Headers;
using Xunit;

namespace Netmap.Filters.Tests.Headers;

/// <summary>Each <see cref="MalformedReason"/> from a frame built to have exactly that problem.</summary>
public sealed class MalformedFrameTests
{
    private static readonly byte[] Src = FrameBuilder.Ip4("10.0.0.1");
    private static readonly byte[] Dst = FrameBuilder.Ip4("198.18.0.1");

    private static byte[] UdpFrame(int payload = 10) =>
        FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Udp, Src, Dst, FrameBuilder.Udp(1, 4321, payload)));

    private static MalformedReason Parse(byte[] frame) => PacketParser.Parse(frame).Malformed;

    [Fact]
    public void Frames_shorter_than_an_ethernet_header_are_runts()
    {
        Assert.Equal(MalformedReason.Runt, Parse([]));
        Assert.Equal(MalformedReason.Runt, Parse(new byte[13]));
        Assert.Equal(MalformedReason.None, Parse(new byte[14]));
    }

    [Fact]
    public void A_cut_vlan_tag_and_too_many_tags_are_reported()
    {
        byte[] tagged = FrameBuilder.Ethernet(EtherTypes.Ipv4, [], [EtherTypes.Vlan], pad: false);
        Assert.Equal(MalformedReason.TruncatedVlan, Parse(tagged[..17]));
        byte[] triple = FrameBuilder.Ethernet(0x88B5, new byte[10], [EtherTypes.QinQ, EtherTypes.Vlan, EtherTypes.Vlan]);
        Assert.Equal(MalformedReason.TooManyVlanTags, Parse(triple));
        ParsedFrame relaxed = PacketParser.Parse(triple, new ParserLimits(3, 8));
        Assert.Equal((MalformedReason.None, 3), (relaxed.Malformed, relaxed.Layout.VlanCount));
    }

    [Fact]
    public void Ihl_problems_are_bad_ihl()
    {
        byte[] frame = UdpFrame();
        frame[14] = 0x44;
        Assert.Equal(MalformedReason.BadIhl, Parse(frame));
        frame[14] = 0x4F; // 60-byte header in a 20-byte packet... of a 60-byte padded frame: still too long
        Assert.Equal(MalformedReason.BadIhl, Parse(frame[..(14 + 40)]));
        frame[14] = 0x65;
        Assert.Equal(MalformedReason.BadIpVersion, Parse(frame));
    }

    [Fact]
    public void Total_length_beyond_the_frame_or_below_the_header_is_a_mismatch()
    {
        byte[] frame = UdpFrame();
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), (ushort)(frame.Length - 14 + 1));
        Assert.Equal(MalformedReason.IpTotalLengthMismatch, Parse(frame));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(16), 19);
        Assert.Equal(MalformedReason.IpTotalLengthMismatch, Parse(frame));
        Assert.Equal(MalformedReason.TruncatedIpHeader, Parse(frame[..(14 + 19)]));
    }

    [Fact]
    public void Ethernet_padding_is_not_part_of_the_ip_packet()
    {
        ParsedFrame p = PacketParser.Parse(UdpFrame(payload: 2));
        Assert.Equal(60, p.Frame.Length);
        Assert.Equal((MalformedReason.None, 30, 10), (p.Malformed, p.Layout.NetworkLength, p.Layout.TransportLength));
    }

    [Fact]
    public void Ipv6_payload_length_beyond_the_frame_is_reported()
    {
        byte[] ip6 = FrameBuilder.Ipv6(IpProtocols.Udp, FrameBuilder.Ip6("2001:db8::1"), FrameBuilder.Ip6("2001:db8::2"), FrameBuilder.Udp(1, 2, 4));
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv6, ip6);
        Assert.Equal(MalformedReason.None, Parse(frame));
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(18), 1000);
        Assert.Equal(MalformedReason.BadIpv6PayloadLength, Parse(frame));
    }

    [Fact]
    public void The_extension_header_walk_is_bounded_and_checks_lengths()
    {
        byte[] nine = [0, 60, 60, 60, 60, 60, 60, 60, 60];
        byte[] ip6 = FrameBuilder.Ipv6(IpProtocols.Udp, FrameBuilder.Ip6("2001:db8::1"), FrameBuilder.Ip6("2001:db8::2"), FrameBuilder.Udp(1, 2, 4), nine);
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv6, ip6);
        Assert.Equal(MalformedReason.TooManyExtensionHeaders, Parse(frame));
        Assert.Equal(MalformedReason.None, PacketParser.Parse(frame, new ParserLimits(2, 9)).Malformed);
        frame[14 + 40 + 1] = 200; // hop-by-hop claims 1608 bytes
        Assert.Equal(MalformedReason.TruncatedExtensionHeader, PacketParser.Parse(frame, new ParserLimits(2, 9)).Malformed);
    }

    [Fact]
    public void A_later_ipv6_fragment_has_no_transport_header()
    {
        byte[] ip6 = FrameBuilder.Ipv6(IpProtocols.Udp, FrameBuilder.Ip6("2001:db8::1"), FrameBuilder.Ip6("2001:db8::2"), FrameBuilder.Udp(1, 4321, 4), [IpProtocols.Fragment]);
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv6, ip6);
        BinaryPrimitives.WriteUInt16BigEndian(frame.AsSpan(14 + 40 + 2), 8 << 3); // offset 64 bytes
        ParsedFrame p = PacketParser.Parse(frame);
        Assert.Equal((MalformedReason.None, true, 64, -1, -1), (p.Malformed, p.Layout.IsFragment, p.Layout.FragmentOffset, p.Layout.TransportOffset, p.DestinationPort));
    }

    [Fact]
    public void Transport_headers_that_do_not_fit_are_reported()
    {
        byte[] shortUdp = FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Udp, Src, Dst, new byte[4]));
        Assert.Equal(MalformedReason.TruncatedL4, Parse(shortUdp));
        byte[] tcp = FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Tcp, Src, Dst, FrameBuilder.Tcp(1, 2, 0)));
        tcp[14 + 20 + 12] = 0x30;
        Assert.Equal(MalformedReason.BadL4Length, Parse(tcp));
        byte[] udp = UdpFrame();
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(14 + 20 + 4), 200);
        Assert.Equal(MalformedReason.BadL4Length, Parse(udp));
    }

    [Fact]
    public void Truncated_arp_is_reported()
    {
        byte[] arp = FrameBuilder.Ethernet(EtherTypes.Arp, FrameBuilder.Arp(1, Src, Dst), pad: false);
        Assert.Equal(MalformedReason.None, Parse(arp));
        Assert.Equal(MalformedReason.TruncatedArp, Parse(arp[..^1]));
    }

    [Fact]
    public void Jumbo_frames_parse_normally()
    {
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Udp, Src, Dst, FrameBuilder.Udp(1, 4321, 8972)));
        ParsedFrame p = PacketParser.Parse(frame);
        Assert.Equal((MalformedReason.None, 9014, 4321), (p.Malformed, p.Frame.Length, p.DestinationPort));
    }

    [Fact]
    public void Addresses_are_offered_only_once_the_ip_header_is_trusted()
    {
        byte[] frame = UdpFrame();
        Assert.Equal(Dst, PacketParser.Parse(frame).DestinationAddress.ToArray());
        frame[14] = 0x44;
        Assert.True(PacketParser.Parse(frame).DestinationAddress.IsEmpty);
    }
}
