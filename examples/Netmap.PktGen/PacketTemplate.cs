using System;
using System.Buffers.Binary;
using System.Text;

namespace Netmap.PktGen;

/// <summary>
/// One thread's frame (pkt-gen.c's <c>struct pkt</c> + <c>initialize_packet</c>): Ethernet, IPv4 (TOS low delay,
/// TTL 64, DF, id 0), UDP, and the text "netmap pkt-gen DIRECT payload…" repeated. Checksums are kept valid by
/// summing the parts that change (addresses, ports, the sequence number) with a precomputed sum of the rest, so
/// advancing to the next address costs a few additions and never a pass over the payload.
/// </summary>
internal sealed class PacketTemplate
{
    public const int PayloadOffset = 42; // 14 + 20 + 8: where txseq/rxseq keep the sequence number

    private const string Payload = "netmap pkt-gen DIRECT payload\nhttp://info.iet.unipi.it/~luigi/netmap/ ";

    private readonly byte[] _frame;
    private readonly PktGenOptions _options;
    private readonly uint _ipConstantSum;
    private readonly uint _udpConstantSum;
    private ulong _random;
    private uint _sip, _dip;
    private ushort _sport, _dport;

    public PacketTemplate(PktGenOptions options, ulong seed)
    {
        _options = options;
        Size = options.PacketSize;
        _frame = new byte[Math.Max(Size, PayloadOffset + 4)];
        _random = seed | 1;
        Span<byte> f = _frame;
        options.DestinationMac.Bytes.CopyTo(f);
        options.SourceMac.Bytes.CopyTo(f[6..]);
        BinaryPrimitives.WriteUInt16BigEndian(f[12..], 0x0800);
        f[14] = 0x45;
        f[15] = 0x10; // IPTOS_LOWDELAY
        BinaryPrimitives.WriteUInt16BigEndian(f[16..], (ushort)(Size - 14));
        BinaryPrimitives.WriteUInt16BigEndian(f[20..], 0x4000); // IP_DF
        f[22] = 64; // IPDEFTTL
        f[23] = 17; // IPPROTO_UDP
        ushort udpLength = (ushort)(Size - 34);
        BinaryPrimitives.WriteUInt16BigEndian(f[38..], udpLength);
        byte[] text = Encoding.ASCII.GetBytes(Payload);
        for (int i = PayloadOffset; i < _frame.Length; i++)
        {
            f[i] = text[(i - PayloadOffset) % text.Length];
        }

        // Everything in the IP header but checksum and addresses; the UDP pseudo header's protocol and length, the
        // UDP length field, and the payload after the 4 bytes txseq rewrites.
        _ipConstantSum = Sum(f[14..24]);
        int payloadEnd = Math.Max(Size, PayloadOffset);
        _udpConstantSum = 17u + udpLength + udpLength + Sum(f[Math.Min(PayloadOffset + 4, payloadEnd)..payloadEnd]);
        _sip = options.Source.Start;
        _dip = options.Destination.Start;
        _sport = options.Source.Port0;
        _dport = options.Destination.Port0;
        WriteAddresses();
    }

    /// <summary>The frame length (<c>-l</c>).</summary>
    public int Size { get; }

    public uint SourceIp => _sip;

    public uint DestinationIp => _dip;

    public ushort SourcePort => _sport;

    public ushort DestinationPort => _dport;

    /// <summary>The bytes to send: the first <see cref="Size"/> bytes of the frame.</summary>
    public ReadOnlySpan<byte> Frame => _frame.AsSpan(0, Size);

    /// <summary>txseq: puts <paramref name="sequence"/> (big-endian) at the payload and fixes the UDP checksum.</summary>
    public void SetSequence(uint sequence)
    {
        BinaryPrimitives.WriteUInt32BigEndian(_frame.AsSpan(PayloadOffset), sequence);
        WriteUdpChecksum();
    }

    /// <summary>
    /// update_ip: the next address — source port first, then source IP, then destination port and IP, each
    /// wrapping to its start (or random values with -z/-Z).
    /// </summary>
    public void Advance()
    {
        PktGenOptions o = _options;
        bool carry;
        if (o.RandomSource)
        {
            _sip = (uint)Next31();
            _sport = (ushort)Next31();
            carry = true;
        }
        else
        {
            carry = Step(ref _sport, ref _sip, o.Source);
        }

        if (carry)
        {
            if (o.RandomDestination)
            {
                _dip = (uint)Next31();
                _dport = (ushort)Next31();
            }
            else
            {
                Step(ref _dport, ref _dip, o.Destination);
            }
        }

        WriteAddresses();
    }

    /// <summary>Random frame size in [min, size) for a second <c>-l</c> (headers keep the full size, as in C).</summary>
    public int RandomSize() => Size == _options.MinPacketSize
        ? Size // C divides by zero here
        : (int)((ulong)Next31() % (ulong)(Size - _options.MinPacketSize)) + _options.MinPacketSize;

    /// <summary>The ones'-complement sum of big-endian 16-bit words (an odd last byte is the high byte).</summary>
    public static uint Sum(ReadOnlySpan<byte> data)
    {
        uint sum = 0;
        int i = 0;
        for (; i + 1 < data.Length; i += 2)
        {
            sum += (uint)(data[i] << 8 | data[i + 1]);
        }

        if (i < data.Length)
        {
            sum += (uint)data[i] << 8;
        }

        return sum;
    }

    /// <summary>Folds a 32-bit sum and complements it: the value a checksum field holds.</summary>
    public static ushort Finish(uint sum)
    {
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (ushort)~sum;
    }

    // Steps a port within [port0, port1]; when it wraps, the address within [start, end]. True when both wrapped
    // (the next field in update_ip's order moves).
    private static bool Step(ref ushort port, ref uint address, IpRange range)
    {
        if (port < range.Port1)
        {
            port++;
            return false;
        }

        port = range.Port0;
        if (address < range.End)
        {
            address++;
            return false;
        }

        address = range.Start;
        return true;
    }

    private void WriteAddresses()
    {
        Span<byte> f = _frame;
        BinaryPrimitives.WriteUInt32BigEndian(f[26..], SourceIp);
        BinaryPrimitives.WriteUInt32BigEndian(f[30..], DestinationIp);
        BinaryPrimitives.WriteUInt16BigEndian(f[34..], SourcePort);
        BinaryPrimitives.WriteUInt16BigEndian(f[36..], DestinationPort);
        uint addresses = (SourceIp >> 16) + (SourceIp & 0xffff) + (DestinationIp >> 16) + (DestinationIp & 0xffff);
        BinaryPrimitives.WriteUInt16BigEndian(f[24..], Finish(_ipConstantSum + addresses));
        WriteUdpChecksum();
    }

    private void WriteUdpChecksum()
    {
        Span<byte> f = _frame;
        int head = Math.Clamp(Size - PayloadOffset, 0, 4); // the rewritable payload bytes inside the frame
        uint sum = _udpConstantSum + Sum(f.Slice(26, 12)) + Sum(f.Slice(PayloadOffset, head));
        // As C (wrapsum): a computed 0 goes out as 0, which receivers read as "no checksum" (RFC 768 would send
        // 0xffff).
        BinaryPrimitives.WriteUInt16BigEndian(f[40..], Finish(sum));
    }

    // nrand48-like: 31 random bits (xorshift64*), per thread, no allocation.
    private long Next31()
    {
        _random ^= _random >> 12;
        _random ^= _random << 25;
        _random ^= _random >> 27;
        return (long)((_random * 0x2545F4914F6CDD1DUL) >> 33);
    }
}
