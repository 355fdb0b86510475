using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using Netmap.Interop;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen.c's command line: glibc <c>getopt(argc, argv, "46a:f:F:Nn:i:Il:d:s:D:S:b:c:o:p:T:w:WvR:XC:H:rP:zZAhBM:")</c>
/// — clustered flags, attached or separate values — then main()'s checks in main()'s order, with its messages.
/// Numbers are read as C's atoi/strtoull read them. Bad input exits with 255, C's <c>usage(-1)</c>.
/// </summary>
internal static class PktGenArguments
{
    public const int UsageExitCode = 255;

    public const string Usage =
        "Usage:\n" +
        "netmap-pkt-gen arguments\n" +
        "     -h      Show program usage and exit.\n" +
        "     -i interface   netmap port (netmap:eth0, netmap:x{1, vale0:p; 'netmap:' is prepended to a bare name).\n" +
        "     -f function    tx, rx (default), txseq, rxseq, ping, pong.\n" +
        "     -n count       packets to send or receive, split over the threads (0 = forever).\n" +
        "     -l pkt_size    frame size without CRC, 16..65536 (60); a second -l: random sizes from it up.\n" +
        "     -b burst_size  packets per ring per round (512).\n" +
        "     -d dst_ip[:port[-dst_ip:port]]  destination, single or range (10.1.0.1:1234).\n" +
        "     -s src_ip[:port[-src_ip:port]]  source, single or range (10.0.0.1:1234).\n" +
        "     -D dst_mac     destination MAC (ff:ff:ff:ff:ff:ff).  -S src_mac  source MAC (the interface's).\n" +
        "     -a cpu_id      pin thread i to cpu (cpu_id + i) mod cpus.  -c cpus  cpus to use (1; 0 = all).\n" +
        "     -p threads     threads (1); with more, thread i binds ring i only.\n" +
        "     -T report_ms   milliseconds between reports (1000).  -w secs  wait before starting (2).\n" +
        "     -R rate        packets per second.  -z / -Z  random source / destination address and port.\n" +
        "     -N  raw numbers (no K/M/G).  -A  pps average/deviation.  -B  count 24 B/pkt of framing in bps.\n" +
        "     -W  rx: exit after 1 s without traffic.  -X  dump packets.  -v  verbose.\n" +
        "     Ctrl+C (SIGINT) or SIGTERM stops the threads; the summary is printed on stdout.";

    private const string WithValue = "afFnildsDSbcopTwRCHPM";
    private const string Flags = "46NIWvXrzZAhB";

    /// <summary>Parses <paramref name="args"/>; null with <paramref name="exitCode"/> set (0 for -h) when the run must not start.</summary>
    public static PktGenOptions? Parse(string[] args, PktGenLog log, out int exitCode)
    {
        ArgumentNullException.ThrowIfNull(args);
        exitCode = UsageExitCode;
        var values = new List<(char Option, string? Value)>();
        for (int i = 0; i < args.Length; i++)
        {
            string arg = args[i];
            if (arg == "--")
            {
                break; // getopt stops; pkt-gen ignores operands
            }

            if (arg.Length < 2 || arg[0] != '-')
            {
                continue; // operands are permuted to the end by glibc and ignored by pkt-gen
            }

            for (int c = 1; c < arg.Length; c++)
            {
                char option = arg[c];
                if (WithValue.Contains(option, StringComparison.Ordinal))
                {
                    string? value = c + 1 < arg.Length ? arg[(c + 1)..] : i + 1 < args.Length ? args[++i] : null;
                    if (value is null)
                    {
                        log.D("main", $"bad option {option} (requires an argument)");
                        return UsageError(log);
                    }

                    values.Add((option, value));
                    break;
                }

                if (!Flags.Contains(option, StringComparison.Ordinal))
                {
                    log.D("main", $"bad option {option} (null)");
                    return UsageError(log);
                }

                values.Add((option, null));
            }
        }

        return Build(values, log, ref exitCode);
    }

    private static PktGenOptions? Build(List<(char Option, string? Value)> values, PktGenLog log, ref int exitCode)
    {
        PktGenFunction function = PktGenFunction.Rx;
        string? ifname = null, src = "10.0.0.1", dst = "10.1.0.1", dmac = "ff:ff:ff:ff:ff:ff", smac = null;
        int size = 60, minSize = 0, burst = 0, wait = 2, threads = 1, cpus = 1, affinity = -1, rate = 0, report = 1000;
        int verbose = 0, framing = 0;
        bool sizeDone = false, waitGiven = false, normalize = true, forever = true, dump = false, pps = false;
        bool randomSrc = false, randomDst = false;
        ulong packets = 0;
        foreach ((char option, string? v) in values)
        {
            string value = v ?? "";
            switch (option)
            {
                case 'h':
                    log.Writer.Write(Usage + "\n");
                    exitCode = 0;
                    return null;
                case '4': break;
                case 'N': normalize = false; break;
                case 'n': packets = CNumbers.StrToULL(value); break;
                case 'f':
                    PktGenFunction? f = value switch
                    {
                        "rx" => PktGenFunction.Rx,
                        "tx" => PktGenFunction.Tx,
                        "ping" => PktGenFunction.Ping,
                        "pong" => PktGenFunction.Pong,
                        "txseq" => PktGenFunction.TxSeq,
                        "rxseq" => PktGenFunction.RxSeq,
                        _ => null,
                    };
                    if (f is null)
                    {
                        log.D("main", $"unrecognised function {value}"); // as C: the previous function stays
                    }
                    else
                    {
                        function = f.Value;
                    }

                    break;
                case 'a': affinity = CNumbers.Atoi(value); break;
                case 'i':
                    log.D("main", $"interface is {value}");
                    ifname = value.StartsWith("netmap:", StringComparison.Ordinal) || value.StartsWith("vale", StringComparison.Ordinal)
                        || value.StartsWith("tap", StringComparison.Ordinal) || value.StartsWith("pcap:", StringComparison.Ordinal)
                        || value == "null"
                        ? value
                        : "netmap:" + value;
                    break;
                case 'l':
                    if (sizeDone)
                    {
                        minSize = CNumbers.Atoi(value);
                    }
                    else
                    {
                        size = CNumbers.Atoi(value);
                        sizeDone = true;
                    }

                    break;
                case 'd': dst = value; break;
                case 's': src = value; break;
                case 'T': report = CNumbers.Atoi(value); break;
                case 'w': wait = CNumbers.Atoi(value); waitGiven = true; break;
                case 'W': forever = false; break;
                case 'b': burst = CNumbers.Atoi(value); break;
                case 'c': cpus = CNumbers.Atoi(value); break;
                case 'p': threads = CNumbers.Atoi(value); break;
                case 'D': dmac = value; break;
                case 'S': smac = value; break;
                case 'v': verbose++; break;
                case 'R': rate = CNumbers.Atoi(value); break;
                case 'X': dump = true; break;
                case 'z': randomSrc = true; break;
                case 'Z': randomDst = true; break;
                case 'A': pps = true; break;
                case 'B': framing = PktGenOptions.FramingBits; break;
                default:
                    // -6, -F, -M, -o, -I, -C, -H, -P, -r: features of the C tool this port does not have. Refusing
                    // them beats silently measuring something else.
                    log.D("main", $"option -{option} is not supported by netmap-pkt-gen");
                    return UsageError(log);
            }
        }

        if (ifname is null)
        {
            log.D("main", "missing ifname");
            return UsageError(log);
        }

        if (ifname == "null" || ifname.StartsWith("tap", StringComparison.Ordinal) || ifname.StartsWith("pcap:", StringComparison.Ordinal))
        {
            log.D("main", $"'{ifname}': only netmap ports are supported (tap, pcap and the null dummy device are not)");
            return UsageError(log);
        }

        if (burst == 0)
        {
            burst = function is PktGenFunction.Ping or PktGenFunction.Pong ? 1 : 512;
            log.D("main", $"using default burst size: {burst}");
        }

        int systemCpus = OnlineCpus();
        if (cpus < 0 || cpus > systemCpus)
        {
            log.D("main", $"{cpus} cpus is too high, have only {systemCpus} cpus");
            return UsageError(log);
        }

        log.D("main", $"running on {cpus} cpus (have {systemCpus})");
        if (cpus == 0)
        {
            cpus = systemCpus;
        }

        if (!waitGiven && ifname.StartsWith("vale", StringComparison.Ordinal))
        {
            wait = 0;
        }

        if (size < 16 || size > PktGenOptions.MaxPacketSize)
        {
            log.D("main", $"bad pktsize {size} [16..{PktGenOptions.MaxPacketSize}]\n");
            return UsageError(log);
        }

        if (minSize > 0 && (minSize < 16 || minSize > size))
        {
            log.D("main", $"bad pktminsize {minSize} [16..{size}]\n");
            return UsageError(log);
        }

        if (threads < 1)
        {
            log.D("main", $"bad nthreads {threads}: give at least 1");
            return UsageError(log);
        }

        MacText? sourceMac = smac is null ? InterfaceMac(ifname) : MacText.Parse(smac);
        if (sourceMac is null)
        {
            log.D("main", $"invalid MAC address '{smac}'");
            return UsageError(log);
        }

        MacText? destinationMac = MacText.Parse(dmac);
        if (destinationMac is null)
        {
            log.D("main", $"invalid MAC address '{dmac}'");
            return UsageError(log);
        }

        IpRange? source = ParseRange(src, log);
        IpRange? destination = source is null ? null : ParseRange(dst, log);
        if (source is null || destination is null)
        {
            return UsageError(log);
        }

        exitCode = 0;
        return new PktGenOptions
        {
            Function = function,
            PortName = ifname,
            PacketSize = size,
            MinPacketSize = minSize,
            Packets = packets,
            Burst = burst,
            WaitSeconds = wait,
            Threads = threads,
            Cpus = cpus,
            Affinity = affinity,
            Source = source,
            Destination = destination,
            SourceMac = sourceMac,
            DestinationMac = destinationMac,
            RandomSource = randomSrc,
            RandomDestination = randomDst,
            Rate = rate,
            ReportMilliseconds = report,
            Normalize = normalize,
            PpsStats = pps,
            Framing = framing,
            Forever = forever,
            Verbose = verbose,
            Dump = dump,
        };
    }

    private static IpRange? ParseRange(string text, PktGenLog log)
    {
        IpRange? range = IpRange.Parse(text, out string? error);
        if (range is null)
        {
            log.D("extract_ip_range", error!);
            return null;
        }

        log.D("extract_ip_range", $"range is {IpRange.Format(range.Start)}:{range.Port0} to {IpRange.Format(range.End)}:{range.Port1}");
        return range;
    }

    /// <summary>
    /// source_hwaddr: the interface's MAC, else 00:00:00:00:00:00 (pipes, VALE ports, unknown names). The kernel
    /// name of the port is used, so <c>netmap:eth0-1</c> finds eth0 too (C compares the whole rest of the name).
    /// </summary>
    private static MacText InterfaceMac(string ifname)
    {
        try
        {
            NetmapPortSpec spec = NetmapPortName.Parse(ifname);
            string path = Path.Combine("/sys/class/net", spec.Name, "address");
            if (!spec.IsPipe && !spec.IsVale && !spec.Name.Contains('/', StringComparison.Ordinal) && File.Exists(path))
            {
                return MacText.Parse(File.ReadAllText(path).Trim()) ?? MacText.Zero;
            }
        }
        catch (Exception e) when (e is NetmapException or IOException or UnauthorizedAccessException)
        {
            // A bad name fails later, at open, with netmap's message.
        }

        return MacText.Zero;
    }

    private static PktGenOptions? UsageError(PktGenLog log)
    {
        log.Writer.Write(Usage + "\n");
        return null;
    }

    /// <summary>
    /// C's <c>sysconf(_SC_NPROCESSORS_ONLN)</c>: the CPUs online, as glibc counts them from
    /// <c>/sys/devices/system/cpu/online</c>. Not <see cref="Environment.ProcessorCount"/>, which follows this
    /// process's affinity and cgroup quota. Falls back to that when the file cannot be read.
    /// </summary>
    internal static int OnlineCpus()
    {
        try
        {
            int n = CountCpuList(File.ReadAllText("/sys/devices/system/cpu/online"));
            return n > 0 ? n : Environment.ProcessorCount;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Environment.ProcessorCount;
        }
    }

    /// <summary>The CPUs in a kernel CPU list such as <c>0-3,6,8-9</c>; 0 when it cannot be read.</summary>
    internal static int CountCpuList(string text)
    {
        int count = 0;
        foreach (string part in text.Trim().Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            string[] ends = part.Split('-');
            if (ends.Length > 2
                || !int.TryParse(ends[0], NumberStyles.None, CultureInfo.InvariantCulture, out int first)
                || !int.TryParse(ends[^1], NumberStyles.None, CultureInfo.InvariantCulture, out int last)
                || last < first)
            {
                return 0;
            }

            count += last - first + 1;
        }

        return count;
    }
}
