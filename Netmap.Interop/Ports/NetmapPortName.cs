using System;
using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using System.Text;

namespace Netmap.Interop;

/// <summary>
/// libnetmap's port-name syntax (<c>nmport_prepare</c>):
/// <c>prefix:vpname[mode][/flags][@memid][@option...]</c>.
/// </summary>
/// <remarks>
/// <list type="bullet">
/// <item><c>netmap:</c> is stripped (<c>netmap:eth0</c> gives <c>nr_name</c> <c>eth0</c>);
/// <c>vale</c> + a possibly empty <c>[A-Za-z0-9_]</c> switch id + <c>:</c> is kept (<c>vale0:a</c>).</item>
/// <item>vpname ends at the first <c>- * ^ / @</c>; it is <c>[A-Za-z0-9_]*</c>, optionally followed by one
/// <c>{</c> (pipe master) or <c>}</c> (pipe slave) and a non-empty pipe id; <c>nr_name</c> has 1..63 characters.</item>
/// <item>Mode: none = ALL_NIC, <c>^</c> = SW, <c>^N</c> = ONE_SW, <c>*</c> = NIC_SW, <c>-N</c> = ONE_NIC (N &lt; 4095).</item>
/// <item>Then <c>/</c> + flag letters <c>x z t r R T</c>, and <c>@N</c> (N &gt; 0) for the memory region, in any
/// order and more than once (<c>@N</c> again must repeat the same N).</item>
/// <item>From the first <c>@</c> not followed by a digit: options, each <c>@name</c>, <c>@name=value</c> or
/// <c>@name:key=value,...</c>: <c>conf</c>, <c>share</c>, <c>extmem</c>, <c>offset</c>.</item>
/// </list>
/// Parsing is purely syntactic: nothing is opened, mapped or looked up.
/// </remarks>
public static class NetmapPortName
{
    /// <summary><c>NETMAP_RING_MASK</c>: a ring number must be below this.</summary>
    private const int RingLimit = 0xfff;

    /// <summary>The largest value libnetmap's <c>atoi</c> yields for an option value.</summary>
    private const uint OptionValueLimit = int.MaxValue;

    private const string NetmapPrefix = "netmap";

    private const string FlagLetters = "xztrRT";

    private static readonly NetmapRegFlags[] FlagValues =
    [
        NetmapRegFlags.Exclusive, NetmapRegFlags.ZeroCopyMonitor, NetmapRegFlags.MonitorTx,
        NetmapRegFlags.MonitorRx, NetmapRegFlags.RxRingsOnly, NetmapRegFlags.TxRingsOnly,
    ];

    private static readonly NetmapRegFlags LetterFlags =
        NetmapRegFlags.Exclusive | NetmapRegFlags.ZeroCopyMonitor | NetmapRegFlags.MonitorTx |
        NetmapRegFlags.MonitorRx | NetmapRegFlags.RxRingsOnly | NetmapRegFlags.TxRingsOnly;

    /// <summary>Parses a port name.</summary>
    /// <param name="portName">A name such as <c>netmap:eth0-1/x</c> or <c>vale0:a@conf:rings=2</c>.</param>
    /// <returns>The registration it describes.</returns>
    /// <exception cref="NetmapPortNameException">The name does not follow the syntax; the exception points at the offending character.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="portName"/> is null.</exception>
    public static NetmapPortSpec Parse(string portName)
    {
        ArgumentNullException.ThrowIfNull(portName);
        var parser = new Parser(portName);
        return parser.Run() ?? throw parser.Error();
    }

    /// <summary>Parses a port name without throwing.</summary>
    /// <param name="portName">The name to parse.</param>
    /// <param name="spec">The result, when the name is valid.</param>
    /// <param name="error">Why the name is not valid, when it is not (never thrown).</param>
    /// <returns>True when the name is valid.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="portName"/> is null.</exception>
    public static bool TryParse(
        string portName,
        [NotNullWhen(true)] out NetmapPortSpec? spec,
        [NotNullWhen(false)] out NetmapPortNameException? error)
    {
        ArgumentNullException.ThrowIfNull(portName);
        var parser = new Parser(portName);
        spec = parser.Run();
        error = spec is null ? parser.Error() : null;
        return spec is not null;
    }

    /// <summary>
    /// Writes a spec in canonical libnetmap syntax: <c>netmap:</c> + <see cref="NetmapPortSpec.Name"/> (a VALE name
    /// as is), the mode suffix, <c>/</c> + flag letters in the order <c>xztrRT</c>, <c>@N</c>, then
    /// <c>@conf:</c> (<c>rings</c>/<c>host-rings</c>/<c>slots</c> when both directions agree, else the
    /// <c>tx-</c>/<c>rx-</c> keys), <c>@extmem</c>, <c>@offset</c> and <c>@share=</c>.
    /// <see cref="Parse"/> of the result gives back an equal spec.
    /// </summary>
    /// <param name="spec">The spec to write.</param>
    /// <returns>The port name.</returns>
    /// <exception cref="ArgumentException">The spec cannot be written as a port name (invalid name, a mode or flag
    /// without a syntax, a ring id out of range or given without a one-ring mode, an option value out of range).</exception>
    public static string Format(NetmapPortSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder(64);
        string? problem = TryWrite(spec, text);
        return problem is null ? text.ToString() : throw new ArgumentException($"the spec cannot be written as a port name: {problem}.", nameof(spec));
    }

    /// <summary>
    /// Explains a spec in several lines for people: the name, the kind of port, the mode and what it binds, the ring
    /// id, each flag by letter and <c>NR_</c> name, the memory region and each option.
    /// </summary>
    /// <param name="spec">The spec to explain.</param>
    /// <returns>The explanation, lines separated by <c>\n</c>.</returns>
    public static string Describe(NetmapPortSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var text = new StringBuilder(512);
        var canonical = new StringBuilder(64);
        string? problem = TryWrite(spec, canonical);
        Line(text, "port name", problem is null ? canonical.ToString() : $"(none: {problem})");
        Line(text, "nr_name", spec.Name);
        Line(text, "kind", DescribeKind(spec));
        Line(text, "mode", DescribeMode(spec));
        Line(text, "ring id", spec.RingId.ToString(CultureInfo.InvariantCulture) +
            (spec.Mode is NetmapRegMode.OneNic or NetmapRegMode.OneSw ? string.Empty : " (unused by this mode)"));
        DescribeFlags(text, spec.Flags);
        Line(text, "mem id", spec.MemId == 0
            ? "0: the port's own memory region (1 for interfaces and their pipes, a private one per VALE port)"
            : Invariant($"{spec.MemId}: open in memory region {spec.MemId}, which must already exist (else EINVAL)"));
        DescribeOptions(text, spec);
        return text.ToString().TrimEnd('\n');
    }

    // ----- formatting -------------------------------------------------------------------------------------------

    private static string? TryWrite(NetmapPortSpec spec, StringBuilder text)
    {
        if (spec.Name is null)
        {
            return "the name is null";
        }

        string full = spec.IsVale ? spec.Name : NetmapPrefix + ":" + spec.Name;
        var header = new Parser(full);
        if (!header.DecodeHeader(0, full.Length, out int nameStart, out int nameEnd)
            || nameEnd != full.Length || full[nameStart..nameEnd] != spec.Name)
        {
            return $"'{spec.Name}' is not a valid nr_name";
        }

        text.Append(full);
        bool oneRing = spec.Mode is NetmapRegMode.OneNic or NetmapRegMode.OneSw;
        if (oneRing ? spec.RingId >= RingLimit : spec.RingId != 0)
        {
            return oneRing
                ? Invariant($"ring id {spec.RingId} is not below {RingLimit}")
                : Invariant($"ring id {spec.RingId} needs mode OneNic or OneSw, not {spec.Mode}");
        }

        switch (spec.Mode)
        {
            case NetmapRegMode.AllNic: break;
            case NetmapRegMode.Sw: text.Append('^'); break;
            case NetmapRegMode.NicSw: text.Append('*'); break;
            case NetmapRegMode.OneNic: text.Append('-').Append(spec.RingId); break;
            case NetmapRegMode.OneSw: text.Append('^').Append(spec.RingId); break;
            default: return $"mode {spec.Mode} has no port-name syntax";
        }

        if ((spec.Flags & ~LetterFlags) != 0)
        {
            return $"flags {spec.Flags & ~LetterFlags} have no port-name letter";
        }

        if (spec.Flags != NetmapRegFlags.None)
        {
            text.Append('/');
            for (int i = 0; i < FlagValues.Length; i++)
            {
                if ((spec.Flags & FlagValues[i]) != 0)
                {
                    text.Append(FlagLetters[i]);
                }
            }
        }

        if (spec.MemId != 0)
        {
            text.Append('@').Append(spec.MemId);
        }

        return WriteConf(spec.Conf ?? NetmapPortConf.Empty, text)
            ?? WriteExtmem(spec.Extmem, text)
            ?? WriteOffset(spec.Offset, text)
            ?? WriteShare(spec.ShareWith, text);
    }

    private static string? WriteConf(NetmapPortConf conf, StringBuilder text)
    {
        if (conf.IsEmpty)
        {
            return null;
        }

        text.Append("@conf:");
        int start = text.Length;
        return WritePair(text, start, "rings", "tx-rings", "rx-rings", conf.TxRings, conf.RxRings, ushort.MaxValue)
            ?? WritePair(text, start, "host-rings", "host-tx-rings", "host-rx-rings", conf.HostTxRings, conf.HostRxRings, ushort.MaxValue)
            ?? WritePair(text, start, "slots", "tx-slots", "rx-slots", conf.TxSlots, conf.RxSlots, OptionValueLimit);
    }

    private static string? WritePair(StringBuilder text, int start, string both, string txKey, string rxKey, uint? tx, uint? rx, uint limit)
    {
        if (tx > limit || rx > limit)
        {
            return Invariant($"@conf {both} value {Math.Max(tx ?? 0, rx ?? 0)} is above {limit}");
        }

        if (tx is not null && tx == rx)
        {
            WriteKey(text, start, both, tx.Value);
            return null;
        }

        WriteKey(text, start, txKey, tx);
        WriteKey(text, start, rxKey, rx);
        return null;
    }

    private static void WriteKey(StringBuilder text, int start, string key, ulong? value)
    {
        if (value is null)
        {
            return;
        }

        if (text.Length > start)
        {
            text.Append(',');
        }

        text.Append(key).Append('=').Append(value.Value);
    }

    private static string? WriteExtmem(NetmapPortExtmem? extmem, StringBuilder text)
    {
        if (extmem is null)
        {
            return null;
        }

        if (string.IsNullOrEmpty(extmem.File) || extmem.File.Contains('@', StringComparison.Ordinal))
        {
            return $"@extmem file '{extmem.File}' is empty or holds '@'";
        }

        if (extmem.HasDefaultPools)
        {
            text.Append("@extmem=").Append(extmem.File);
            return null;
        }

        if (extmem.File.Contains(',', StringComparison.Ordinal))
        {
            return $"@extmem file '{extmem.File}' holds ',', which only the short form @extmem=FILE (no pool keys) allows";
        }

        uint?[] values = [extmem.IfNum, extmem.IfSize, extmem.RingNum, extmem.RingSize, extmem.BufNum, extmem.BufSize];
        text.Append("@extmem:file=").Append(extmem.File);
        int start = text.Length - 1;
        for (int i = 0; i < values.Length; i++)
        {
            if (values[i] > OptionValueLimit)
            {
                return Invariant($"@extmem {ExtmemKeys[i + 1]} value {values[i]} is above {OptionValueLimit}");
            }

            WriteKey(text, start, ExtmemKeys[i + 1].Replace('_', '-'), values[i]);
        }

        return null;
    }

    private static string? WriteOffset(NetmapPortOffset? offset, StringBuilder text)
    {
        if (offset is null)
        {
            return null;
        }

        if (offset.Initial > OptionValueLimit || offset.Bits > OptionValueLimit)
        {
            return Invariant($"@offset values must not exceed {OptionValueLimit}");
        }

        if (offset.Bits is null)
        {
            text.Append("@offset=").Append(offset.Initial);
        }
        else
        {
            text.Append("@offset:initial=").Append(offset.Initial).Append(",bits=").Append(offset.Bits.Value);
        }

        return null;
    }

    private static string? WriteShare(string? share, StringBuilder text)
    {
        if (share is null)
        {
            return null;
        }

        var header = new Parser(share);
        if (share.Contains('@', StringComparison.Ordinal) || !header.DecodeHeader(0, share.Length, out _, out _))
        {
            return $"@share port '{share}' is not a port name without '@'";
        }

        text.Append("@share=").Append(share);
        return null;
    }

    // ----- description ------------------------------------------------------------------------------------------

    private static void Line(StringBuilder text, string label, string value) =>
        text.Append(label).Append(':').Append(' ', Math.Max(1, 10 - label.Length)).Append(value).Append('\n');

    private static string DescribeKind(NetmapPortSpec spec)
    {
        string kind;
        if (spec.IsVale)
        {
            int colon = spec.Name.IndexOf(':', StringComparison.Ordinal);
            string sw = spec.Name[..colon];
            string port = (spec.PipeParent ?? spec.Name)[(colon + 1)..];
            kind = $"VALE port '{port}' on switch '{sw}' (created on first open, private memory region)";
        }
        else
        {
            kind = $"system interface '{spec.PipeParent ?? spec.Name}' (native or emulated netmap, per dev.netmap.admode)";
        }

        if (spec.IsPipe)
        {
            return (spec.IsPipeMaster ? "pipe master" : "pipe slave") +
                $" '{spec.PipeId}' of {kind}; a pipe lives in its parent's memory region and accepts only ALL_NIC or ONE_NIC";
        }

        return kind;
    }

    private static string DescribeMode(NetmapPortSpec spec) => spec.Mode switch
    {
        NetmapRegMode.AllNic => "NR_REG_ALL_NIC (1), no suffix: every NIC ring pair",
        NetmapRegMode.Sw => "NR_REG_SW (2), suffix '^': every host (software) ring pair",
        NetmapRegMode.NicSw => "NR_REG_NIC_SW (3), suffix '*': every NIC and host ring pair",
        NetmapRegMode.OneNic => Invariant($"NR_REG_ONE_NIC (4), suffix '-{spec.RingId}': only NIC ring pair {spec.RingId}"),
        NetmapRegMode.OneSw => Invariant($"NR_REG_ONE_SW (8), suffix '^{spec.RingId}': only host ring pair {spec.RingId}"),
        NetmapRegMode.Null => "NR_REG_NULL (7): no data rings, on the existing memory region mem id (no port-name syntax)",
        _ => Invariant($"{spec.Mode} ({(uint)spec.Mode}): rejected by REGISTER with EINVAL (no port-name syntax)"),
    };

    private static void DescribeFlags(StringBuilder text, NetmapRegFlags flags)
    {
        if (flags == NetmapRegFlags.None)
        {
            Line(text, "flags", "none");
            return;
        }

        Line(text, "flags", Invariant($"0x{(ulong)flags:x}"));
        foreach (var (flag, letter, native, meaning) in FlagTable)
        {
            if ((flags & flag) != 0)
            {
                string key = letter == '\0' ? "  " : "/" + letter;
                text.Append(' ', 12).Append(key).Append(' ').Append(native).Append(Invariant($" (0x{(ulong)flag:x}): ")).Append(meaning).Append('\n');
            }
        }

        NetmapRegFlags unknown = flags & ~AllKnownFlags;
        if (unknown != 0)
        {
            text.Append(' ', 15).Append(Invariant($"0x{(ulong)unknown:x}: bits netmap does not define")).Append('\n');
        }
    }

    private static void DescribeOptions(StringBuilder text, NetmapPortSpec spec)
    {
        var conf = spec.Conf ?? NetmapPortConf.Empty;
        if (!conf.IsEmpty)
        {
            var parts = new StringBuilder();
            AppendCount(parts, "TX rings", conf.TxRings);
            AppendCount(parts, "RX rings", conf.RxRings);
            AppendCount(parts, "host TX rings", conf.HostTxRings);
            AppendCount(parts, "host RX rings", conf.HostRxRings);
            AppendCount(parts, "TX slots", conf.TxSlots);
            AppendCount(parts, "RX slots", conf.RxSlots);
            Line(text, "@conf", parts + " (0 = netmap's default; used only when this open creates the port)");
        }

        if (spec.Extmem is { } extmem)
        {
            var parts = new StringBuilder();
            parts.Append("map file '").Append(extmem.File).Append("' as the memory region");
            AppendCount(parts, "netmap_ifs", extmem.IfNum);
            AppendCount(parts, "netmap_if size", extmem.IfSize);
            AppendCount(parts, "rings", extmem.RingNum);
            AppendCount(parts, "ring size", extmem.RingSize);
            AppendCount(parts, "buffers", extmem.BufNum);
            AppendCount(parts, "buffer size", extmem.BufSize);
            Line(text, "@extmem", parts + (extmem.HasDefaultPools ? " (pool sizes from the priv_* sysctls)" : string.Empty));
        }

        if (spec.Offset is { } offset)
        {
            Line(text, "@offset", Invariant($"slot offsets in {(offset.Bits is null or 0 ? "all" : offset.Bits.Value.ToString(CultureInfo.InvariantCulture))} bits of ptr, initial and maximum offset {offset.Initial}"));
        }

        if (spec.ShareWith is { } share)
        {
            Line(text, "@share", $"use the memory region of '{share}' (its mem id is looked up at open time)");
        }

        if (conf.IsEmpty && spec.Extmem is null && spec.Offset is null && spec.ShareWith is null)
        {
            Line(text, "options", "none");
        }
    }

    private static void AppendCount(StringBuilder text, string what, uint? value)
    {
        if (value is not null)
        {
            text.Append(text.Length == 0 ? string.Empty : ", ").Append(what).Append(' ').Append(value.Value);
        }
    }

    private static string Invariant(FormattableString text) => FormattableString.Invariant(text);

    private static readonly (NetmapRegFlags Flag, char Letter, string Native, string Meaning)[] FlagTable =
    [
        (NetmapRegFlags.Exclusive, 'x', "NR_EXCLUSIVE", "exclusive: EBUSY if a chosen ring has another user, then keeps others off these rings"),
        (NetmapRegFlags.ZeroCopyMonitor, 'z', "NR_ZCOPY_MON", "zero-copy monitor of the port"),
        (NetmapRegFlags.MonitorTx, 't', "NR_MONITOR_TX", "copy monitor of the port's TX rings"),
        (NetmapRegFlags.MonitorRx, 'r', "NR_MONITOR_RX", "copy monitor of the port's RX rings"),
        (NetmapRegFlags.RxRingsOnly, 'R', "NR_RX_RINGS_ONLY", "bind RX rings only (no TX ring)"),
        (NetmapRegFlags.TxRingsOnly, 'T', "NR_TX_RINGS_ONLY", "bind TX rings only (no RX ring)"),
        (NetmapRegFlags.AcceptVnetHeader, '\0', "NR_ACCEPT_VNET_HDR", "accept a virtio-net header (no port-name letter)"),
        (NetmapRegFlags.DoRxPoll, '\0', "NR_DO_RX_POLL", "accepted by the kernel, no effect (no port-name letter)"),
        (NetmapRegFlags.NoTxPoll, '\0', "NR_NO_TX_POLL", "poll() syncs TX only when POLLOUT is asked (no port-name letter)"),
    ];

    private static readonly NetmapRegFlags AllKnownFlags = LetterFlags |
        NetmapRegFlags.AcceptVnetHeader | NetmapRegFlags.DoRxPoll | NetmapRegFlags.NoTxPoll;

    // ----- options ----------------------------------------------------------------------------------------------

    /// <summary>The keys of each option, spelled as libnetmap compares them ('-' turned into '_'); the first is the default key where the option has one.</summary>
    private static readonly string[] ConfKeys =
        ["rings", "host_rings", "slots", "tx_rings", "rx_rings", "host_tx_rings", "host_rx_rings", "tx_slots", "rx_slots"];

    private static readonly string[] ShareKeys = ["port"];

    private static readonly string[] ExtmemKeys = ["file", "if_num", "if_size", "ring_num", "ring_size", "buf_num", "buf_size"];

    private static readonly string[] OffsetKeys = ["initial", "bits"];

    private enum OptionKind
    {
        Conf,
        Share,
        Extmem,
        Offset,
    }

    /// <summary>One parse of one name. Positions are indexes into the whole input.</summary>
    private sealed class Parser(string input)
    {
        private readonly string s = input;
        private int failPosition = -1;
        private string failReason = string.Empty;

        private NetmapRegMode mode = NetmapRegMode.AllNic;
        private ushort ringId;
        private NetmapRegFlags flags;
        private ushort memId;
        private string? share;
        private NetmapPortConf conf = NetmapPortConf.Empty;
        private NetmapPortExtmem? extmem;
        private NetmapPortOffset? offset;

        private enum State
        {
            Start,
            SuffixDone,
            RingNumber,
            Flags,
            FlagsDone,
            MemId,
            HostRing,
        }

        public NetmapPortNameException Error() => new(s, failPosition, failReason);

        public NetmapPortSpec? Run()
        {
            if (!DecodeHeader(0, s.Length, out int nameStart, out int scan))
            {
                return null;
            }

            string name = s[nameStart..scan];
            if (!DecodeRegister(ref scan) || !DecodeOptions(scan))
            {
                return null;
            }

            return new NetmapPortSpec
            {
                Name = name,
                Mode = mode,
                RingId = ringId,
                Flags = flags,
                MemId = memId,
                ShareWith = share,
                Conf = conf,
                Extmem = extmem,
                Offset = offset,
            };
        }

        /// <summary>
        /// The prefix and vpname in <c>s[start..end)</c> (nmreq_header_decode). On success nr_name is
        /// <c>s[nameStart..scan)</c> and <paramref name="scan"/> is where the mode part starts.
        /// </summary>
        public bool DecodeHeader(int start, int end, out int nameStart, out int scan)
        {
            nameStart = scan = start;
            var text = s.AsSpan(start, end - start);
            bool vale;
            if (text.IsEmpty)
            {
                return Fail(start, "the port name is empty");
            }
            else if (text.StartsWith(NetmapPrefix, StringComparison.Ordinal))
            {
                vale = false;
            }
            else if (text.StartsWith(NetmapApi.ValePrefix, StringComparison.Ordinal))
            {
                vale = true;
            }
            else
            {
                return Fail(start, "unknown or missing prefix: a port name starts with 'netmap:' (interfaces and pipes) or 'vale<switch>:' (VALE ports), e.g. netmap:eth0");
            }

            int afterPrefix = start + (vale ? NetmapApi.ValePrefix.Length : NetmapPrefix.Length);
            int colon = s.IndexOf(':', afterPrefix, end - afterPrefix);
            if (colon < 0)
            {
                return vale
                    ? Fail(SkipIdentifier(afterPrefix, end), "missing ':' after the VALE switch name (e.g. vale0:port)")
                    : Fail(afterPrefix, "missing ':' after 'netmap' (e.g. netmap:eth0)");
            }

            if (colon != afterPrefix)
            {
                if (!vale)
                {
                    return Fail(afterPrefix, "nothing may stand between 'netmap' and ':' (write netmap:eth0)");
                }

                int bad = SkipIdentifier(afterPrefix, colon);
                if (bad != colon)
                {
                    return Fail(bad, $"invalid character '{s[bad]}' in the VALE switch name: only letters, digits and '_' are allowed");
                }
            }

            int vpname = colon + 1;
            nameStart = vale ? start : vpname;
            scan = vpname;
            while (scan < end && "-*^/@".IndexOf(s[scan], StringComparison.Ordinal) < 0)
            {
                scan++;
            }

            int pipe = s.AsSpan(vpname, scan - vpname).IndexOfAny('{', '}');
            pipe = pipe < 0 ? scan : vpname + pipe;
            int badChar = SkipIdentifier(vpname, pipe);
            if (badChar != pipe)
            {
                return Fail(badChar, $"invalid character '{s[badChar]}' in the port name: only letters, digits and '_' are allowed, then optionally '{{' or '}}' and a pipe id");
            }

            if (pipe != scan)
            {
                if (pipe + 1 == scan)
                {
                    return Fail(scan, $"expected a pipe id after '{s[pipe]}'");
                }

                badChar = SkipIdentifier(pipe + 1, scan);
                if (badChar != scan)
                {
                    return Fail(badChar, s[badChar] is '{' or '}'
                        ? $"a second '{s[badChar]}': a name holds at most one '{{' or '}}'"
                        : $"invalid character '{s[badChar]}' in the pipe id: only letters, digits and '_' are allowed");
                }
            }

            int length = scan - nameStart;
            if (length >= NetmapApi.ReqIfNameSize)
            {
                return Fail(nameStart + NetmapApi.ReqIfNameSize - 1, Invariant($"the name is {length} characters long; nr_name holds at most {NetmapApi.ReqIfNameSize - 1}"));
            }

            if (length == 0)
            {
                return Fail(scan, "the port name after 'netmap:' is empty");
            }

            return true;
        }

        /// <summary>The mode, flags and mem id (nmreq_register_decode); stops at the '@' that starts the options.</summary>
        private bool DecodeRegister(ref int scan)
        {
            State state = State.Start;
            while (scan < s.Length)
            {
                char c = s[scan];
                switch (state)
                {
                    case State.Start:
                        switch (c)
                        {
                            case '^': mode = NetmapRegMode.Sw; state = State.HostRing; break;
                            case '*': mode = NetmapRegMode.NicSw; state = State.SuffixDone; break;
                            case '-': mode = NetmapRegMode.OneNic; state = State.RingNumber; break;
                            case '/': state = State.Flags; break;
                            case '@': state = State.MemId; break;
                            default: return Fail(scan, $"unknown modifier '{c}'");
                        }

                        scan++;
                        break;

                    case State.SuffixDone:
                        switch (c)
                        {
                            case '/': state = State.Flags; break;
                            case '@': state = State.MemId; break;
                            default: return Fail(scan, $"unexpected '{c}': after the mode only '/' (flags) or '@' (memory region, options) may follow");
                        }

                        scan++;
                        break;

                    case State.RingNumber:
                        if (!char.IsAsciiDigit(c))
                        {
                            return Fail(scan, "expected a ring number after '-'");
                        }

                        int numberStart = scan;
                        ulong ring = ReadNumber(ref scan);
                        if (ring >= RingLimit)
                        {
                            return Fail(numberStart, Invariant($"ring number {s[numberStart..scan]} is out of range: it must be below {RingLimit}"));
                        }

                        ringId = (ushort)ring;
                        state = State.SuffixDone;
                        break;

                    case State.Flags:
                    case State.FlagsDone:
                        if (c == '@')
                        {
                            state = State.MemId;
                            scan++;
                            break;
                        }

                        int letter = FlagLetters.IndexOf(c, StringComparison.Ordinal);
                        if (letter < 0)
                        {
                            return Fail(scan, $"unknown flag '{c}': the flags after '/' are x (exclusive), z (zero-copy monitor), t (monitor TX), r (monitor RX), R (RX rings only), T (TX rings only)");
                        }

                        flags |= FlagValues[letter];
                        scan++;
                        state = State.FlagsDone;
                        break;

                    case State.MemId:
                        if (!char.IsAsciiDigit(c))
                        {
                            scan--; // back to the '@': the options start here
                            return true;
                        }

                        int idStart = scan;
                        ulong id = ReadNumber(ref scan);
                        if (id == 0)
                        {
                            return Fail(idStart, "memory region 0 is not valid: use @1 or higher, or leave @N out for the port's own region");
                        }

                        if (id > ushort.MaxValue)
                        {
                            return Fail(idStart, Invariant($"memory region {s[idStart..scan]} is out of range: nr_mem_id is at most {ushort.MaxValue}"));
                        }

                        if (memId != 0 && memId != id)
                        {
                            return Fail(idStart, Invariant($"memory region set to @{id} after @{memId}"));
                        }

                        memId = (ushort)id;
                        state = State.SuffixDone;
                        break;

                    case State.HostRing:
                        if (char.IsAsciiDigit(c))
                        {
                            mode = NetmapRegMode.OneSw;
                            state = State.RingNumber;
                        }
                        else
                        {
                            state = State.SuffixDone;
                        }

                        break;
                }
            }

            return state switch
            {
                State.MemId => Fail(scan, "expected a memory region number or an option name after '@'"),
                State.RingNumber => Fail(scan, "expected a ring number after '-'"),
                State.Flags => Fail(scan, "expected flag letters after '/'"),
                _ => true,
            };
        }

        /// <summary>The options (nmreq_options_decode): <c>scan</c> is at the end or at an '@'.</summary>
        private bool DecodeOptions(int scan)
        {
            while (scan < s.Length)
            {
                int optStart = scan + 1;
                int optEnd = s.IndexOf('@', optStart);
                optEnd = optEnd < 0 ? s.Length : optEnd;
                if (optEnd == optStart)
                {
                    return Fail(optStart, "empty option after '@'");
                }

                if (!DecodeOption(optStart, optEnd))
                {
                    return false;
                }

                scan = optEnd;
            }

            return true;
        }

        private bool DecodeOption(int optStart, int optEnd)
        {
            int delim = s.AsSpan(optStart, optEnd - optStart).IndexOfAny(':', '=');
            delim = delim < 0 ? optEnd : optStart + delim;
            string prefix = s[optStart..delim];
            if (!TryGetOption(prefix, out OptionKind kind, out string[] keys, out bool hasDefault, out string usage))
            {
                return Fail(optStart, prefix.Length > 0 && prefix.AsSpan().IndexOfAnyExceptInRange('0', '9') < 0
                    ? $"unknown option '{prefix}': a memory region @N must come before the options"
                    : $"unknown option '{prefix}': the options are @conf:, @share=, @extmem= and @offset=");
            }

            // Where each key's value lies in s; start < 0 = not given.
            var values = new (int Start, int End)[keys.Length];
            values.AsSpan().Fill((-1, -1));
            if (delim == optEnd)
            {
                return Fail(optEnd, $"option '{prefix}' needs a value: write {usage}");
            }

            if (s[delim] == '=')
            {
                if (!hasDefault)
                {
                    return Fail(delim, $"'=' is not valid after '{prefix}': write {usage}");
                }

                if (delim + 1 == optEnd)
                {
                    return Fail(optEnd, $"missing value for option '{prefix}'");
                }

                values[0] = (delim + 1, optEnd);
            }
            else if (!DecodeKeys(prefix, keys, values, delim + 1, optEnd))
            {
                return false;
            }

            if (hasDefault && values[0].Start < 0)
            {
                return Fail(optEnd, $"option '{prefix}' needs key '{keys[0]}': write {usage}");
            }

            return kind switch
            {
                OptionKind.Conf => ApplyConf(values),
                OptionKind.Share => ApplyShare(optStart, values[0]),
                OptionKind.Extmem => ApplyExtmem(optStart, values),
                _ => ApplyOffset(optStart, values),
            };
        }

        /// <summary>The <c>key=value,...</c> body of an option in <c>s[start..end)</c> (nmreq_option_parsekeys).</summary>
        private bool DecodeKeys(string prefix, string[] keys, (int Start, int End)[] values, int start, int end)
        {
            if (start == end)
            {
                return true; // "@conf:" sets nothing, as in libnetmap
            }

            int scan = start;
            while (true)
            {
                if (scan == end)
                {
                    return Fail(end, $"expected a key after ',' in option '{prefix}'");
                }

                int keyStart = scan;
                int keyEnd = keyStart + 1;
                while (keyEnd < end && s[keyEnd] != '=' && s[keyEnd] != ',')
                {
                    keyEnd++;
                }

                string key = s[keyStart..keyEnd];
                string normalized = key[..1] + key[1..].Replace('-', '_'); // libnetmap spares the first character
                int id = Array.IndexOf(keys, normalized);
                if (id < 0)
                {
                    return Fail(keyStart, $"unknown key '{key}' for option '{prefix}': the keys are {string.Join(", ", Array.ConvertAll(keys, k => k.Replace('_', '-')))}");
                }

                if (values[id].Start >= 0)
                {
                    return Fail(keyStart, $"duplicate key '{key}' in option '{prefix}', already set to '{s[values[id].Start..values[id].End]}'");
                }

                if (keyEnd == end || s[keyEnd] != '=')
                {
                    return Fail(keyEnd, $"missing '=value' after key '{key}' in option '{prefix}'");
                }

                int valueEnd = s.IndexOf(',', keyEnd + 1, end - keyEnd - 1);
                valueEnd = valueEnd < 0 ? end : valueEnd;

                // libnetmap takes an empty value as "not given" (it can then be set again).
                values[id] = valueEnd > keyEnd + 1 ? (keyEnd + 1, valueEnd) : (-1, -1);
                if (valueEnd == end)
                {
                    return true;
                }

                scan = valueEnd + 1;
            }
        }

        private static bool TryGetOption(string prefix, out OptionKind kind, out string[] keys, out bool hasDefault, out string usage)
        {
            (kind, keys, hasDefault, usage) = prefix switch
            {
                "conf" => (OptionKind.Conf, ConfKeys, false, "@conf:key=value[,key=value...]"),
                "share" => (OptionKind.Share, ShareKeys, true, "@share=PORT"),
                "extmem" => (OptionKind.Extmem, ExtmemKeys, true, "@extmem=FILE or @extmem:file=FILE[,key=value...]"),
                "offset" => (OptionKind.Offset, OffsetKeys, true, "@offset=N or @offset:initial=N[,bits=B]"),
                _ => (OptionKind.Conf, Array.Empty<string>(), false, string.Empty),
            };
            return keys.Length > 0;
        }

        private bool ApplyConf((int Start, int End)[] values)
        {
            // libnetmap applies the keys in this order, so a tx-/rx- key overrides the wider one.
            var c = conf;
            uint?[] v = new uint?[ConfKeys.Length];
            for (int i = 0; i < ConfKeys.Length; i++)
            {
                bool rings = !ConfKeys[i].EndsWith("slots", StringComparison.Ordinal);
                if (values[i].Start >= 0 && !ReadValue(values[i], ConfKeys[i], rings ? ushort.MaxValue : OptionValueLimit, out v[i]))
                {
                    return false;
                }
            }

            if (v[0] is { } r)
            {
                c = c with { TxRings = r, RxRings = r };
            }

            if (v[1] is { } h)
            {
                c = c with { HostTxRings = h, HostRxRings = h };
            }

            if (v[2] is { } sl)
            {
                c = c with { TxSlots = sl, RxSlots = sl };
            }

            conf = c with
            {
                TxRings = v[3] ?? c.TxRings,
                RxRings = v[4] ?? c.RxRings,
                HostTxRings = v[5] ?? c.HostTxRings,
                HostRxRings = v[6] ?? c.HostRxRings,
                TxSlots = v[7] ?? c.TxSlots,
                RxSlots = v[8] ?? c.RxSlots,
            };
            return true;
        }

        private bool ApplyShare(int optStart, (int Start, int End) value)
        {
            // libnetmap decodes PORT's prefix and vpname to look up its mem id; what follows them is ignored.
            if (!DecodeHeader(value.Start, value.End, out _, out _))
            {
                failReason = "in @share: " + failReason;
                return false;
            }

            string port = s[value.Start..value.End];
            if (share is not null && share != port)
            {
                return Fail(optStart, $"a second @share names '{port}' after '{share}'");
            }

            share = port;
            return true;
        }

        private bool ApplyExtmem(int optStart, (int Start, int End)[] values)
        {
            if (extmem is not null)
            {
                return Fail(optStart, "@extmem given twice: a port has one external memory region");
            }

            var pools = new uint?[ExtmemKeys.Length];
            for (int i = 1; i < ExtmemKeys.Length; i++)
            {
                if (values[i].Start >= 0 && !ReadValue(values[i], ExtmemKeys[i], OptionValueLimit, out pools[i]))
                {
                    return false;
                }
            }

            extmem = new NetmapPortExtmem
            {
                File = s[values[0].Start..values[0].End],
                IfNum = pools[1],
                IfSize = pools[2],
                RingNum = pools[3],
                RingSize = pools[4],
                BufNum = pools[5],
                BufSize = pools[6],
            };
            return true;
        }

        private bool ApplyOffset(int optStart, (int Start, int End)[] values)
        {
            if (offset is not null)
            {
                return Fail(optStart, "@offset given twice");
            }

            uint? bits = null;
            if (!ReadValue(values[0], "initial", OptionValueLimit, out uint? initial)
                || (values[1].Start >= 0 && !ReadValue(values[1], "bits", OptionValueLimit, out bits)))
            {
                return false;
            }

            offset = new NetmapPortOffset { Initial = initial!.Value, Bits = bits };
            return true;
        }

        /// <summary>A decimal option value, at most <paramref name="limit"/>.</summary>
        private bool ReadValue((int Start, int End) range, string key, uint limit, out uint? value)
        {
            value = null;
            key = key.Replace('_', '-');
            for (int i = range.Start; i < range.End; i++)
            {
                if (!char.IsAsciiDigit(s[i]))
                {
                    return Fail(i, $"'{s[range.Start..range.End]}' is not a number: {key} takes a decimal value");
                }
            }

            int scan = range.Start;
            ulong number = ReadNumber(ref scan);
            if (number > limit)
            {
                return Fail(range.Start, Invariant($"{key}={s[range.Start..range.End]} is out of range: at most {limit}"));
            }

            value = (uint)number;
            return true;
        }

        /// <summary>Reads the digits at <paramref name="scan"/>; saturates instead of overflowing.</summary>
        private ulong ReadNumber(ref int scan)
        {
            ulong number = 0;
            for (; scan < s.Length && char.IsAsciiDigit(s[scan]); scan++)
            {
                number = number > (ulong.MaxValue / 20) ? number : (number * 10) + (ulong)(s[scan] - '0');
            }

            return number;
        }

        private int SkipIdentifier(int start, int end)
        {
            while (start < end && (char.IsAsciiLetterOrDigit(s[start]) || s[start] == '_'))
            {
                start++;
            }

            return start;
        }

        private bool Fail(int position, string reason)
        {
            failPosition = position;
            failReason = reason;
            return false;
        }
    }
}
