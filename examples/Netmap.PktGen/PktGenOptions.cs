namespace Netmap.PktGen;

/// <summary>pkt-gen's <c>-f</c> functions (its <c>func[]</c> table).</summary>
internal enum PktGenFunction
{
    Rx,
    Tx,
    Ping,
    Pong,
    TxSeq,
    RxSeq,
}

/// <summary>pkt-gen's <c>td_type</c>: what the startup line and the summary say.</summary>
internal enum ThreadType
{
    Sender,
    Receiver,
    Other,
}

/// <summary>What the command line asked for (pkt-gen.c's <c>struct glob_arg</c>), after main()'s checks.</summary>
internal sealed record PktGenOptions
{
    public const int MaxPacketSize = 65536;
    public const int FramingBits = 24 * 8; // -B: 4 bytes of CRC + 20 of preamble and inter-frame gap

    public PktGenFunction Function { get; init; } = PktGenFunction.Rx;

    /// <summary>The port as pkt-gen names it: <c>-i</c> with <c>netmap:</c> prepended where C prepends it.</summary>
    public required string PortName { get; init; }

    public int PacketSize { get; init; } = 60;

    /// <summary>A second <c>-l</c>: sizes are random in [min, size). 0 = fixed size.</summary>
    public int MinPacketSize { get; init; }

    /// <summary><c>-n</c>: packets in total (split over threads); 0 = forever.</summary>
    public ulong Packets { get; init; }

    public int Burst { get; init; } = 512;

    public int WaitSeconds { get; init; } = 2;

    public int Threads { get; init; } = 1;

    public int Cpus { get; init; } = 1;

    /// <summary><c>-a</c>: first CPU to pin to, or -1.</summary>
    public int Affinity { get; init; } = -1;

    public required IpRange Source { get; init; }

    public required IpRange Destination { get; init; }

    public required MacText SourceMac { get; init; }

    public required MacText DestinationMac { get; init; }

    public bool RandomSource { get; init; }

    public bool RandomDestination { get; init; }

    /// <summary><c>-R</c>: packets per second, 0 = as fast as possible.</summary>
    public int Rate { get; init; }

    /// <summary><c>-T</c>: milliseconds between reports.</summary>
    public int ReportMilliseconds { get; init; } = 1000;

    /// <summary>Not <c>-N</c>: print rates as "14.880 M" rather than "14880000 ".</summary>
    public bool Normalize { get; init; } = true;

    /// <summary><c>-A</c>: average and deviation of pps over a window of 15 reports.</summary>
    public bool PpsStats { get; init; }

    /// <summary><c>-B</c>: bits of framing per packet counted in raw bandwidth (0 or 192).</summary>
    public int Framing { get; init; }

    /// <summary>Not <c>-W</c>: receivers keep going after 1 s without traffic.</summary>
    public bool Forever { get; init; } = true;

    public int Verbose { get; init; }

    /// <summary><c>-X</c>: hex-dump every packet (slow; for debugging).</summary>
    public bool Dump { get; init; }

    /// <summary>
    /// C's OPT_COPY: source or destination ranges make every packet be written, not only changed buffers. -z/-Z do
    /// not set it in C: random addresses reach a buffer only when it is written anyway (first use, NS_BUF_CHANGED).
    /// </summary>
    public bool CopyEveryPacket => Source.IsRange || Destination.IsRange;

    /// <summary>Ranges or -z/-Z: the addresses move on after each packet written (C's update_addresses).</summary>
    public bool AddressesChange => CopyEveryPacket || RandomSource || RandomDestination;

    public ThreadType Type => Function switch
    {
        PktGenFunction.Tx or PktGenFunction.TxSeq => ThreadType.Sender,
        PktGenFunction.Rx or PktGenFunction.RxSeq => ThreadType.Receiver,
        _ => ThreadType.Other,
    };
}
