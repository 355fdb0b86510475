using System;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;
using Xunit;

namespace Netmap.Filters.Tests.Headers;

public sealed class PacketRewriterTests
{
    [Fact]
    public void An_ipv4_echo_request_becomes_a_valid_reply()
    {
        byte[] src = FrameBuilder.Ip4("10.0.0.1");
        byte[] dst = FrameBuilder.Ip4("198.18.0.1");
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv4, FrameBuilder.Ipv4(IpProtocols.Icmp, src, dst, FrameBuilder.Icmp(8, 0, 56)), [EtherTypes.Vlan]);
        PacketLayout layout = PacketParser.Parse(frame).Layout;

        Assert.True(PacketRewriter.EchoRequestToReply(frame, layout));

        ParsedFrame reply = PacketParser.Parse(frame);
        Assert.True(reply.TryGetIcmp(out IcmpHeader icmp));
        Assert.Equal(0, icmp.Type);
        Assert.True(Checksum.IsValid(icmp.Raw));
        Assert.Equal(src, reply.DestinationAddress.ToArray());
        Assert.Equal(dst, reply.SourceAddress.ToArray());
        Assert.True(reply.TryGetEthernet(out EthernetHeader eth) && eth.Destination.SequenceEqual(FrameBuilder.MacA));
        Assert.True(reply.TryGetIpv4(out Ipv4Header ip) && ip.IsChecksumValid);
        Assert.False(PacketRewriter.EchoRequestToReply(frame, reply.Layout)); // a reply is not answered
    }

    [Fact]
    public void An_icmpv6_echo_request_becomes_a_valid_reply()
    {
        byte[] src = FrameBuilder.Ip6("2001:db8::1");
        byte[] dst = FrameBuilder.Ip6("2001:db8::2");
        byte[] frame = FrameBuilder.Ethernet(EtherTypes.Ipv6, FrameBuilder.Ipv6(IpProtocols.Icmpv6, src, dst, FrameBuilder.Icmp(128, 0, 32), [IpProtocols.DestinationOptions]));
        PacketLayout layout = PacketParser.Parse(frame).Layout;

        Assert.True(PacketRewriter.EchoRequestToReply(frame, layout));

        ParsedFrame reply = PacketParser.Parse(frame);
        Assert.True(reply.TryGetIcmpv6(out IcmpHeader icmp));
        Assert.Equal(129, icmp.Type);
        Assert.True(Checksum.IsValid(icmp.Raw, Checksum.PseudoHeaderIpv6(dst, src, IpProtocols.Icmpv6, icmp.Raw.Length)));
    }

    [Property(MaxTest = 1000)]
    public Property Setting_the_ttl_keeps_every_checksum_valid() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), Gen.Choose(0, 255).ToArbitrary(), (sample, ttl) =>
        {
            byte[] frame = (byte[])sample.Bytes.Clone();
            PacketLayout layout = PacketParser.Parse(frame).Layout;
            bool ip = sample.Kind is NetworkKind.Ipv4 or NetworkKind.Ipv6;
            bool set = PacketRewriter.SetTtl(frame, layout, (byte)ttl);
            ParsedFrame after = PacketParser.Parse(frame);
            bool checksumOk = !after.TryGetIpv4(out Ipv4Header h) || (h.IsChecksumValid && h.Ttl == ttl);
            bool hopOk = !after.TryGetIpv6(out Ipv6Header h6) || h6.HopLimit == ttl;
            return set == ip && checksumOk && hopOk;
        });

    [Property(MaxTest = 1000)]
    public Property Swapping_addresses_twice_restores_the_frame() =>
        Prop.ForAll(FrameGenerators.ValidFrames(), sample =>
        {
            byte[] frame = (byte[])sample.Bytes.Clone();
            PacketLayout layout = PacketParser.Parse(frame).Layout;
            PacketRewriter.SwapMacs(frame);
            PacketRewriter.SwapIpAddresses(frame, layout);
            bool changed = !frame.AsSpan().SequenceEqual(sample.Bytes);
            PacketRewriter.SwapMacs(frame);
            PacketRewriter.SwapIpAddresses(frame, layout);
            return changed && frame.AsSpan().SequenceEqual(sample.Bytes);
        });
}
