using System;
using System.Buffers.Binary;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Headers;
using Xunit;

namespace Netmap.Filters.Tests.Headers;

public sealed class ChecksumTests
{
    [Fact]
    public void Rfc1071_example_sums_to_ddf2()
    {
        // RFC 1071 §3: the words 0001 f203 f4f5 f6f7 have the one's-complement sum ddf2.
        byte[] data = [0x00, 0x01, 0xf2, 0x03, 0xf4, 0xf5, 0xf6, 0xf7];
        Assert.Equal(0xddf2, Checksum.Fold(Checksum.Add(data)));
        Assert.Equal(0x220d, Checksum.Compute(data));
    }

    [Fact]
    public void A_real_ipv4_header_has_checksum_b861()
    {
        byte[] header = Convert.FromHexString("450000730000400040110000c0a80001c0a800c7");
        Assert.Equal(0xb861, Checksum.Compute(header));
        BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), 0xb861);
        Assert.True(Checksum.IsValid(header));
        Assert.True(Ipv4Header.TryRead(header, out Ipv4Header view) && view.IsChecksumValid);
    }

    [Fact]
    public void Odd_length_data_is_padded_with_a_zero_byte()
    {
        Assert.Equal(Checksum.Compute([0x12, 0x34, 0x56, 0x00]), Checksum.Compute([0x12, 0x34, 0x56]));
    }

    [Fact]
    public void Udp_over_ipv4_and_icmpv6_pseudo_headers_verify_frames_built_independently()
    {
        byte[] src = FrameBuilder.Ip4("10.0.0.1");
        byte[] dst = FrameBuilder.Ip4("198.18.0.1");
        byte[] ip = FrameBuilder.Ipv4(IpProtocols.Udp, src, dst, FrameBuilder.Udp(1000, 4321, 13));
        ReadOnlySpan<byte> udp = ip.AsSpan(20);
        Assert.True(Checksum.IsValid(udp, Checksum.PseudoHeaderIpv4(src, dst, IpProtocols.Udp, udp.Length)));

        byte[] src6 = FrameBuilder.Ip6("2001:db8::1");
        byte[] dst6 = FrameBuilder.Ip6("2001:db8::2");
        byte[] ip6 = FrameBuilder.Ipv6(IpProtocols.Icmpv6, src6, dst6, FrameBuilder.Icmp(128, 0, 21));
        ReadOnlySpan<byte> icmp = ip6.AsSpan(40);
        Assert.True(Checksum.IsValid(icmp, Checksum.PseudoHeaderIpv6(src6, dst6, IpProtocols.Icmpv6, icmp.Length)));
        Assert.False(Checksum.IsValid(icmp, Checksum.PseudoHeaderIpv6(dst6, dst6, IpProtocols.Icmpv6, icmp.Length)));
    }

    [Property(MaxTest = 2000)]
    public Property Full_computation_equals_the_plain_rfc1071_reference() =>
        Prop.ForAll(ArbMap.Default.ArbFor<byte[]>(), data => Checksum.Compute(data) == FrameBuilder.ReferenceChecksum(data));

    [Property(MaxTest = 3000)]
    public Property Incremental_16_bit_update_equals_full_recompute() =>
        Prop.ForAll(Headers(), Gen.Choose(0, 9).ToArbitrary(), Gen.Choose(0, 0xFFFF).ToArbitrary(), (header, word, value) =>
        {
            if (word == 5)
            {
                word = 4; // never the checksum field itself
            }

            ushort stored = Checksum.Compute(header);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), stored);
            ushort old = BinaryPrimitives.ReadUInt16BigEndian(header.AsSpan(word * 2));
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(word * 2), (ushort)value);
            ushort incremental = Checksum.Update(stored, old, (ushort)value);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), 0);
            return SameOnesComplement(incremental, Checksum.Compute(header));
        });

    [Property(MaxTest = 3000)]
    public Property Incremental_32_bit_update_equals_full_recompute() =>
        Prop.ForAll(Headers(), Gen.Elements(0, 1, 3, 4).ToArbitrary(), ArbMap.Default.ArbFor<uint>(), (header, field, value) =>
        {
            ushort stored = Checksum.Compute(header);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), stored);
            uint old = BinaryPrimitives.ReadUInt32BigEndian(header.AsSpan(field * 4));
            BinaryPrimitives.WriteUInt32BigEndian(header.AsSpan(field * 4), value);
            ushort incremental = Checksum.Update(stored, old, value);
            BinaryPrimitives.WriteUInt16BigEndian(header.AsSpan(10), 0);
            return SameOnesComplement(incremental, Checksum.Compute(header));
        });

    [Fact]
    public void Incremental_update_of_rfc1624_section_4_example()
    {
        // RFC 1624 §4: HC = 0xDD2F, m = 0x5555 → m' = 0x3285 gives HC' = 0x0000 by eqn. 3.
        Assert.Equal(0x0000, Checksum.Update(0xDD2F, (ushort)0x5555, (ushort)0x3285));
    }

    // A 20-byte header with its checksum field zeroed.
    private static Arbitrary<byte[]> Headers() =>
        Gen.ArrayOf(Gen.Choose(0, 255).Select(b => (byte)b), 20).Select(h =>
        {
            h[10] = 0;
            h[11] = 0;
            return h;
        }).ToArbitrary();

    // 0x0000 and 0xFFFF are the two zeros of one's-complement arithmetic; both verify.
    private static bool SameOnesComplement(ushort a, ushort b) => a == b || (a is 0 or 0xFFFF && b is 0 or 0xFFFF);
}
