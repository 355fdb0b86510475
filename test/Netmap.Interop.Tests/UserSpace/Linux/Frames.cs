using System;
using System.Buffers.Binary;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Ethernet/IPv4/UDP frames for the interface tests (IP checksum filled in, UDP checksum 0).</summary>
internal static class Frames
{
    public static byte[] Udp(string srcMac, string dstMac, string srcIp, string dstIp, ushort port, ReadOnlySpan<byte> payload)
    {
        var f = new byte[14 + 20 + 8 + payload.Length];
        ParseMac(dstMac).CopyTo(f, 0);
        ParseMac(srcMac).CopyTo(f, 6);
        f[12] = 0x08;
        Span<byte> ip = f.AsSpan(14, 20);
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + payload.Length));
        ip[8] = 64;
        ip[9] = 17;
        System.Net.IPAddress.Parse(srcIp).GetAddressBytes().CopyTo(ip[12..]);
        System.Net.IPAddress.Parse(dstIp).GetAddressBytes().CopyTo(ip[16..]);
        BinaryPrimitives.WriteUInt16BigEndian(ip[10..], Checksum(ip));
        Span<byte> udp = f.AsSpan(34, 8);
        BinaryPrimitives.WriteUInt16BigEndian(udp, port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + payload.Length));
        payload.CopyTo(f.AsSpan(42));
        return f;
    }

    /// <summary>The UDP payload of a frame to <paramref name="port"/>, or empty when it is something else.</summary>
    public static ReadOnlySpan<byte> UdpPayload(ReadOnlySpan<byte> frame, ushort port)
    {
        if (frame.Length < 42 || frame[12] != 0x08 || frame[13] != 0 || frame[23] != 17 ||
            BinaryPrimitives.ReadUInt16BigEndian(frame[36..]) != port)
        {
            return default;
        }

        return frame[42..];
    }

    public static byte[] Payload(int seq, int length)
    {
        var p = new byte[length];
        BinaryPrimitives.WriteInt32BigEndian(p, seq);
        for (int i = 4; i < length; i++)
        {
            p[i] = (byte)(seq * 7 + i);
        }

        return p;
    }

    /// <summary>Copies <paramref name="frame"/> into the slot at TX head and advances head and cur past it.</summary>
    public static void Put(Netmap.Interop.NetmapRing tx, byte[] frame)
    {
        uint h = tx.Head;
        ref Netmap.Interop.NetmapSlot slot = ref tx.Slot(h);
        frame.CopyTo(tx.Buffer(slot.BufIdx));
        slot.Len = (ushort)frame.Length;
        slot.Flags = 0;
        tx.Head = tx.Cur = tx.Next(h);
    }

    public static byte[] ParseMac(string mac) => Convert.FromHexString(mac.Trim().Replace(":", string.Empty, StringComparison.Ordinal));

    private static ushort Checksum(ReadOnlySpan<byte> header)
    {
        uint sum = 0;
        for (int i = 0; i < header.Length; i += 2)
        {
            sum += BinaryPrimitives.ReadUInt16BigEndian(header[i..]);
        }

        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }
}
