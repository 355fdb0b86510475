using System;
using FsCheck;
using FsCheck.Fluent;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests;

/// <summary>
/// FsCheck generators: valid frames of every kind the parser knows, those frames mutated (bytes flipped,
/// truncated, extended), and plain random bytes. Each generated value is built from an FsCheck-chosen seed so a
/// failure reproduces from the printed frame.
/// </summary>
public static class FrameGenerators
{
    private static readonly string[] Ipv4Destinations = ["198.18.0.1", "198.18.0.2", "192.168.254.1", "10.1.2.3"];
    private static readonly string[] Ipv6Destinations = ["2001:db8::1", "fe80::1", "2001:db8::4321"];
    private static readonly byte[] Ipv6ExtensionKinds =
        [IpProtocols.HopByHop, IpProtocols.Routing, IpProtocols.DestinationOptions, IpProtocols.AuthenticationHeader, IpProtocols.Fragment];

    public static Arbitrary<SampleFrame> ValidFrames() =>
        Gen.Choose(0, int.MaxValue).Select(seed => Valid(new Random(seed))).ToArbitrary();

    public static Arbitrary<byte[]> MutatedFrames() =>
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var random = new Random(seed);
            return Mutate(Valid(random).Bytes, random);
        }).ToArbitrary();

    public static Arbitrary<byte[]> RandomFrames() =>
        Gen.Choose(0, int.MaxValue).Select(seed =>
        {
            var random = new Random(seed);
            var bytes = new byte[random.Next(0, 160)];
            random.NextBytes(bytes);
            if (bytes.Length >= 14 && random.Next(2) == 0)
            {
                // Half the time a plausible EtherType, so random bytes also reach the IP and ARP paths.
                ushort type = new ushort[] { 0x0800, 0x86DD, 0x0806, 0x8100, 0x88A8 }[random.Next(5)];
                bytes[12] = (byte)(type >> 8);
                bytes[13] = (byte)type;
            }

            return bytes;
        }).ToArbitrary();

    /// <summary>Valid and mutated frames and random bytes together: the fuzzing input.</summary>
    public static Arbitrary<byte[]> AnyFrames() =>
        Gen.OneOf(ValidFrames().Generator.Select(f => f.Bytes), MutatedFrames().Generator, RandomFrames().Generator).ToArbitrary();

    public static byte[] Mutate(byte[] frame, Random random)
    {
        byte[] bytes = (byte[])frame.Clone();
        switch (random.Next(4))
        {
            case 0:
                for (int i = random.Next(1, 9); i > 0 && bytes.Length > 0; i--)
                {
                    bytes[random.Next(bytes.Length)] ^= (byte)random.Next(1, 256);
                }

                return bytes;
            case 1:
                return bytes[..random.Next(0, bytes.Length + 1)];
            case 2:
                var longer = new byte[bytes.Length + random.Next(1, 65)];
                bytes.CopyTo(longer, 0);
                random.NextBytes(longer.AsSpan(bytes.Length));
                return longer;
            default:
                // Flip a byte inside the headers, where lengths and offsets live.
                if (bytes.Length > 0)
                {
                    bytes[random.Next(Math.Min(bytes.Length, 80))] = (byte)random.Next(256);
                }

                return bytes[..random.Next(Math.Min(bytes.Length, 14), bytes.Length + 1)];
        }
    }

    public static SampleFrame Valid(Random r)
    {
        int vlanCount = r.Next(4) == 0 ? r.Next(1, 3) : 0;
        ushort outer = r.Next(2) == 0 ? EtherTypes.Vlan : EtherTypes.QinQ;
        ushort[] tpids = vlanCount switch { 0 => [], 1 => [outer], _ => [outer, EtherTypes.Vlan] };
        int l3 = 14 + (4 * vlanCount);
        int pick = r.Next(10);
        if (pick < 5)
        {
            return Ipv4(r, tpids, l3);
        }

        if (pick < 8)
        {
            return Ipv6(r, tpids, l3);
        }

        if (pick < 9)
        {
            byte[] arp = FrameBuilder.Arp((ushort)r.Next(1, 3), FrameBuilder.Ip4("10.0.0.1"), FrameBuilder.Ip4("198.18.0.1"));
            return new SampleFrame(FrameBuilder.Ethernet(EtherTypes.Arp, arp, tpids), NetworkKind.Arp, vlanCount, outer, 0, [], -1, -1,
                false, false, 0, 0, l3, -1);
        }

        var other = new byte[r.Next(0, 80)];
        r.NextBytes(other);
        return new SampleFrame(FrameBuilder.Ethernet(0x88B5, other, tpids), NetworkKind.Other, vlanCount, outer, 0, [], -1, -1,
            false, false, 0, 0, l3, -1);
    }

    private static SampleFrame Ipv4(Random r, ushort[] tpids, int l3)
    {
        byte[] destination = FrameBuilder.Ip4(Ipv4Destinations[r.Next(Ipv4Destinations.Length)]);
        int optionWords = r.Next(4) == 0 ? r.Next(1, 11) : 0;
        int fragment = r.Next(8); // 0: first fragment (MF), 1: later fragment, else whole
        bool later = fragment == 1;
        (byte protocol, byte[] l4, int port, int icmpType) = Transport(r, v6: false);
        byte[] ip = FrameBuilder.Ipv4(protocol, FrameBuilder.Ip4("10.9.8.7"), destination, l4, optionWords,
            moreFragments: fragment == 0, fragmentOffset8: later ? r.Next(1, 100) : 0);
        bool hasL4 = !later && protocol != 47;
        return new SampleFrame(FrameBuilder.Ethernet(EtherTypes.Ipv4, ip, tpids), NetworkKind.Ipv4, tpids.Length, Outer(tpids),
            protocol, destination, hasL4 ? port : -1, hasL4 ? icmpType : -1, fragment <= 1, later, optionWords, 0, l3,
            hasL4 ? l3 + 20 + (4 * optionWords) : -1);
    }

    private static SampleFrame Ipv6(Random r, ushort[] tpids, int l3)
    {
        byte[] destination = FrameBuilder.Ip6(Ipv6Destinations[r.Next(Ipv6Destinations.Length)]);
        int count = r.Next(3) == 0 ? r.Next(1, 5) : 0;
        var kinds = new byte[count];
        int chain = 0;
        for (int i = 0; i < count; i++)
        {
            kinds[i] = Ipv6ExtensionKinds[r.Next(Ipv6ExtensionKinds.Length)];
            chain += kinds[i] == IpProtocols.AuthenticationHeader ? 12 : 8;
        }

        (byte protocol, byte[] l4, int port, int icmpType) = Transport(r, v6: true);
        byte[] ip = FrameBuilder.Ipv6(protocol, FrameBuilder.Ip6("2001:db8::99"), destination, l4, kinds);
        bool fragment = Array.IndexOf(kinds, IpProtocols.Fragment) >= 0;
        bool hasL4 = protocol != 47;
        return new SampleFrame(FrameBuilder.Ethernet(EtherTypes.Ipv6, ip, tpids), NetworkKind.Ipv6, tpids.Length, Outer(tpids),
            protocol, destination, hasL4 ? port : -1, hasL4 ? icmpType : -1, fragment, false, 0, count, l3,
            hasL4 ? l3 + 40 + chain : -1);
    }

    private static (byte Protocol, byte[] L4, int Port, int IcmpType) Transport(Random r, bool v6)
    {
        int payload = r.Next(0, 48);
        switch (r.Next(4))
        {
            case 0:
            {
                ushort port = r.Next(2) == 0 ? (ushort)4321 : (ushort)r.Next(0, 65536);
                return (IpProtocols.Udp, FrameBuilder.Udp(5555, port, payload), port, -1);
            }

            case 1:
            {
                ushort port = r.Next(2) == 0 ? (ushort)4321 : (ushort)r.Next(0, 65536);
                return (IpProtocols.Tcp, FrameBuilder.Tcp(5555, port, payload, r.Next(3) == 0 ? r.Next(1, 11) : 0), port, -1);
            }

            case 2:
            {
                byte type = v6
                    ? new byte[] { 128, 129, 1, 135 }[r.Next(4)]
                    : new byte[] { 8, 0, 3, 11, 13 }[r.Next(5)];
                return (v6 ? IpProtocols.Icmpv6 : IpProtocols.Icmp, FrameBuilder.Icmp(type, 0, payload), -1, type);
            }

            default:
            {
                var gre = new byte[4 + payload];
                return (47, gre, -1, -1);
            }
        }
    }

    private static ushort Outer(ushort[] tpids) => tpids.Length > 0 ? tpids[0] : (ushort)0;
}
