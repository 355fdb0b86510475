using System;
using System.Buffers.Binary;
using System.Collections.Generic;
using System.Linq;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Tests;

/// <summary>
/// Builds valid frames byte by byte from the RFC layouts, with correct checksums, independently of the parser
/// under test (it never calls the views or the parser).
/// </summary>
public static class FrameBuilder
{
    public static readonly byte[] MacA = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0a];
    public static readonly byte[] MacB = [0x02, 0x00, 0x00, 0x00, 0x00, 0x0b];

    public static byte[] Ethernet(ushort etherType, byte[] payload, ushort[]? vlanTpids = null, bool pad = true)
    {
        var bytes = new List<byte>();
        bytes.AddRange(MacB);
        bytes.AddRange(MacA);
        ushort vid = 100;
        foreach (ushort tpid in vlanTpids ?? [])
        {
            Add16(bytes, tpid);
            Add16(bytes, (ushort)((3 << 13) | vid++));
        }

        Add16(bytes, etherType);
        bytes.AddRange(payload);
        // Ethernet's 60-byte minimum: short packets arrive with trailing padding the IP lengths exclude.
        while (pad && bytes.Count < 60)
        {
            bytes.Add(0);
        }

        return bytes.ToArray();
    }

    public static byte[] Ipv4(
        byte protocol, byte[] source, byte[] destination, byte[] l4, int optionWords = 0, byte ttl = 64,
        bool moreFragments = false, int fragmentOffset8 = 0, bool fillL4Checksum = true)
    {
        int headerLength = 20 + (4 * optionWords);
        var ip = new byte[headerLength + l4.Length];
        ip[0] = (byte)(0x40 | (headerLength / 4));
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(2), (ushort)ip.Length);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), 0x1234);
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(6), (ushort)((moreFragments ? 0x2000 : 0) | fragmentOffset8));
        ip[8] = ttl;
        ip[9] = protocol;
        source.CopyTo(ip, 12);
        destination.CopyTo(ip, 16);
        for (int i = 20; i < headerLength; i++)
        {
            ip[i] = 1; // NOP options
        }

        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(10), ReferenceChecksum(ip.AsSpan(0, headerLength)));
        l4.CopyTo(ip, headerLength);
        if (fillL4Checksum && fragmentOffset8 == 0 && !moreFragments)
        {
            FillL4Checksum(ip.AsSpan(headerLength), protocol, Pseudo(source, destination, protocol, l4.Length));
        }

        return ip;
    }

    public static byte[] Ipv6(byte upper, byte[] source, byte[] destination, byte[] l4, byte[]? extensions = null, byte hopLimit = 64)
    {
        var chain = new List<byte>();
        byte[] kinds = extensions ?? [];
        for (int i = 0; i < kinds.Length; i++)
        {
            byte next = i + 1 < kinds.Length ? kinds[i + 1] : upper;
            if (kinds[i] == IpProtocols.AuthenticationHeader)
            {
                chain.AddRange([next, 1, 0, 0, 0, 0, 0, 1, 0, 0, 0, 2]); // 12 bytes: (1 + 2) * 4
            }
            else if (kinds[i] == IpProtocols.Fragment)
            {
                chain.AddRange([next, 0, 0, 0, 0, 0, 0, 7]); // first fragment, M clear: an atomic fragment
            }
            else
            {
                chain.AddRange([next, 0, 1, 4, 0, 0, 0, 0]); // 8 bytes with a PadN option
            }
        }

        var ip = new byte[40 + chain.Count + l4.Length];
        ip[0] = 0x60;
        BinaryPrimitives.WriteUInt16BigEndian(ip.AsSpan(4), (ushort)(chain.Count + l4.Length));
        ip[6] = kinds.Length > 0 ? kinds[0] : upper;
        ip[7] = hopLimit;
        source.CopyTo(ip, 8);
        destination.CopyTo(ip, 24);
        chain.CopyTo(ip, 40);
        l4.CopyTo(ip, 40 + chain.Count);
        ulong pseudo = Sum(source) + Sum(destination) + (uint)l4.Length + upper;
        FillL4Checksum(ip.AsSpan(40 + chain.Count), upper, pseudo);
        return ip;
    }

    public static byte[] Udp(ushort sourcePort, ushort destinationPort, int payloadLength)
    {
        var udp = new byte[8 + payloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(udp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt16BigEndian(udp.AsSpan(4), (ushort)udp.Length);
        for (int i = 8; i < udp.Length; i++)
        {
            udp[i] = (byte)(i * 7);
        }

        return udp;
    }

    public static byte[] Tcp(ushort sourcePort, ushort destinationPort, int payloadLength, int optionWords = 0)
    {
        int headerLength = 20 + (4 * optionWords);
        var tcp = new byte[headerLength + payloadLength];
        BinaryPrimitives.WriteUInt16BigEndian(tcp, sourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(2), destinationPort);
        BinaryPrimitives.WriteUInt32BigEndian(tcp.AsSpan(4), 1000);
        tcp[12] = (byte)((headerLength / 4) << 4);
        tcp[13] = 0x02; // SYN
        BinaryPrimitives.WriteUInt16BigEndian(tcp.AsSpan(14), 65535);
        for (int i = 20; i < headerLength; i++)
        {
            tcp[i] = 1; // NOP options
        }

        return tcp;
    }

    public static byte[] Icmp(byte type, byte code, int payloadLength, ushort id = 0x4242, ushort sequence = 1)
    {
        var icmp = new byte[8 + payloadLength];
        icmp[0] = type;
        icmp[1] = code;
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(4), id);
        BinaryPrimitives.WriteUInt16BigEndian(icmp.AsSpan(6), sequence);
        for (int i = 8; i < icmp.Length; i++)
        {
            icmp[i] = (byte)i;
        }

        return icmp;
    }

    public static byte[] Arp(ushort operation, byte[] senderIp, byte[] targetIp)
    {
        var arp = new byte[28];
        BinaryPrimitives.WriteUInt16BigEndian(arp, 1);
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(2), 0x0800);
        arp[4] = 6;
        arp[5] = 4;
        BinaryPrimitives.WriteUInt16BigEndian(arp.AsSpan(6), operation);
        MacA.CopyTo(arp, 8);
        senderIp.CopyTo(arp, 14);
        targetIp.CopyTo(arp, 24);
        return arp;
    }

    /// <summary>RFC 1071's algorithm written out plainly: the oracle for <see cref="Checksum"/>.</summary>
    public static ushort ReferenceChecksum(ReadOnlySpan<byte> data, ulong initial = 0)
    {
        ulong sum = initial + Sum(data);
        while (sum >> 16 != 0)
        {
            sum = (sum & 0xFFFF) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    public static ulong Sum(ReadOnlySpan<byte> data)
    {
        ulong sum = 0;
        for (int i = 0; i < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8) | (i + 1 < data.Length ? data[i + 1] : 0u);
        }

        return sum;
    }

    public static ulong Pseudo(byte[] source, byte[] destination, byte protocol, int length) =>
        Sum(source) + Sum(destination) + protocol + (uint)length;

    private static void FillL4Checksum(Span<byte> l4, byte protocol, ulong pseudo)
    {
        int at = protocol switch
        {
            IpProtocols.Udp => 6,
            IpProtocols.Tcp => 16,
            IpProtocols.Icmp => 2,
            IpProtocols.Icmpv6 => 2,
            _ => -1,
        };
        if (at < 0 || l4.Length < at + 2)
        {
            return;
        }

        ushort value = ReferenceChecksum(l4, protocol == IpProtocols.Icmp ? 0 : pseudo);
        if (protocol == IpProtocols.Udp && value == 0)
        {
            value = 0xFFFF;
        }

        BinaryPrimitives.WriteUInt16BigEndian(l4[at..], value);
    }

    private static void Add16(List<byte> bytes, ushort value)
    {
        bytes.Add((byte)(value >> 8));
        bytes.Add((byte)value);
    }

    public static byte[] Ip4(string dotted) => dotted.Split('.').Select(byte.Parse).ToArray();

    public static byte[] Ip6(string text) => System.Net.IPAddress.Parse(text).GetAddressBytes();
}
