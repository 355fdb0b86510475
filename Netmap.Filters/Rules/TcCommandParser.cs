using System;
using System.Collections.Generic;

namespace Netmap.Filters.Rules;

/// <summary>
/// Reads expanded <c>tc qdisc add … ingress</c> and <c>tc filter add … u32 …</c> commands into <see cref="TcRule"/>s,
/// following iproute2 (tc_qdisc.c, tc_filter.c, f_u32.c, m_police.c, m_gact.c) for what each word means.
/// </summary>
internal sealed class TcCommandParser
{
    private const string IngressHandle = "ffff:";
    private readonly List<TcRule> _rules = new();
    private readonly HashSet<string> _ingressDevices = new(StringComparer.Ordinal);

    public IReadOnlyList<TcRule> Rules => _rules;

    /// <summary>Devices that got an ingress qdisc: what <c>parent ffff:</c> refers to.</summary>
    public IReadOnlyCollection<string> IngressDevices => _ingressDevices;

    public void Parse(IReadOnlyList<ShellWord> words)
    {
        var c = new TcCursor(words);
        c.Next("tc");
        ShellWord obj = c.Next("'qdisc' or 'filter'");
        if (obj.Text.StartsWith('-'))
        {
            throw c.Error("tc options are not supported", obj);
        }

        if (TcCursor.Matches(obj.Text, "qdisc") && obj.Text.Length > 1)
        {
            ParseQdisc(c);
        }
        else if (TcCursor.Matches(obj.Text, "filter"))
        {
            ParseFilter(c);
        }
        else
        {
            throw c.Error("expected 'qdisc' or 'filter'", obj);
        }
    }

    private void ParseQdisc(TcCursor c)
    {
        ShellWord verb = c.Next("'add'");
        if (verb.Text != "add")
        {
            throw c.Error("only 'tc qdisc add' is supported", verb);
        }

        string? device = null;
        bool ingress = false;
        while (!c.AtEnd)
        {
            ShellWord w = c.Next("a qdisc option");
            switch (w.Text)
            {
                case "dev":
                    device = c.Next("a device name").Text;
                    break;
                case "handle":
                    ShellWord handle = c.Next("a handle");
                    if (handle.Text is not (IngressHandle or "ffff:0"))
                    {
                        throw c.Error("the ingress qdisc's handle is ffff:", handle);
                    }

                    break;
                case "ingress":
                    ingress = true;
                    if (!c.AtEnd)
                    {
                        throw c.Error("unexpected word after 'ingress'", c.Current);
                    }

                    break;
                default:
                    throw c.Error("unsupported qdisc option or kind (only 'dev IF [handle ffff:] ingress')", w);
            }
        }

        if (device is null || !ingress)
        {
            throw c.Error("expected 'tc qdisc add dev IF [handle ffff:] ingress'", c.Last);
        }

        _ingressDevices.Add(device);
    }

    private void ParseFilter(TcCursor c)
    {
        ShellWord verb = c.Next("'add'");
        if (verb.Text != "add")
        {
            throw c.Error("only 'tc filter add' is supported", verb);
        }

        string? device = null;
        bool parentOk = false;
        ushort protocol = TcProtocols.All;
        int prio = 0;
        ShellWord? prioWord = null;
        ShellWord start = verb;
        while (true)
        {
            ShellWord w = c.Next("'u32'");
            switch (w.Text)
            {
                case "dev":
                    device = c.Next("a device name").Text;
                    continue;
                case "parent":
                    ShellWord parent = c.Next("a parent handle");
                    if (parent.Text is not (IngressHandle or "ffff:0"))
                    {
                        throw c.Error("only the ingress qdisc (parent ffff:) is supported", parent);
                    }

                    parentOk = true;
                    continue;
                case "protocol":
                    ShellWord p = c.Next("a protocol");
                    if (!TcProtocols.TryParse(p.Text, out protocol))
                    {
                        throw c.Error("unknown protocol", p);
                    }

                    continue;
                case "prio" or "pref" or "priority" or "preference":
                    ShellWord n = c.Next("a priority");
                    if (!TcNumber.TryParseUnsigned(n.Text, 0, out uint value) || value > 0xFFFF)
                    {
                        throw c.Error("bad priority (0–65535)", n);
                    }

                    prio = (int)value;
                    prioWord = n;
                    continue;
                case "u32":
                    break;
                default:
                    throw c.Error("unsupported filter option or classifier (only dev, parent, protocol, prio and u32)", w);
            }

            break;
        }

        if (device is null)
        {
            throw c.Error("'dev IF' is required", start);
        }

        if (!parentOk)
        {
            throw c.Error("'parent ffff:' is required: rules here belong to the ingress qdisc", start);
        }

        if (prio == 0)
        {
            // tcf_auto_prio: one below the current first filter of the chain, or 0xC000 for an empty chain.
            int lowest = int.MaxValue;
            foreach (TcRule r in _rules)
            {
                if (r.Device == device)
                {
                    lowest = Math.Min(lowest, r.Prio);
                }
            }

            prio = lowest == int.MaxValue ? 0xC000 : lowest - 1;
        }

        foreach (TcRule r in _rules)
        {
            if (r.Device == device && r.Prio == prio && r.Protocol != protocol)
            {
                // The kernel refuses (EINVAL) a second protocol at one priority: one prio is one classifier instance.
                throw c.Error($"prio {prio} already holds a '{TcProtocols.Name(r.Protocol)}' filter (line {r.Line})", prioWord ?? start);
            }
        }

        ParseU32(c, device, prio, protocol);
    }

    private void ParseU32(TcCursor c, string device, int prio, ushort protocol)
    {
        var selector = new U32Selector();
        var pending = new PendingRule();
        while (!c.AtEnd)
        {
            ShellWord w = c.Next("a u32 option");
            string t = w.Text;
            if (TcCursor.Matches(t, "match"))
            {
                selector.ParseMatch(c);
            }
            else if (TcCursor.Matches(t, "classid") || t == "flowid")
            {
                ShellWord id = c.Next("a class id");
                pending.FlowId = ParseClassId(c, id);
                pending.Terminal = true;
            }
            else if (TcCursor.Matches(t, "action"))
            {
                ParseAction(c, pending, w);
            }
            else if (TcCursor.Matches(t, "police"))
            {
                ParsePolice(c, pending, w);
            }
            else if (t == "skip_hw")
            {
                // Asks the kernel not to offload; the software semantics are unchanged.
            }
            else if (t == "skip_sw")
            {
                throw c.Error("'skip_sw' rules never run in software, so they cannot be applied here", w);
            }
            else if (TcCursor.Matches(t, "offset") || TcCursor.Matches(t, "hashkey") || TcCursor.Matches(t, "divisor")
                || TcCursor.Matches(t, "order") || t is "link" or "ht" or "sample" or "indev" or "handle")
            {
                throw c.Error("u32 hash tables, links, offsets and indev are not supported", w);
            }
            else
            {
                throw c.Error("unknown u32 option", w);
            }
        }

        _rules.Add(new TcRule(device, prio, protocol, selector.Keys, c.Line)
        {
            Terminal = pending.Terminal,
            Action = pending.Action,
            PoliceMtu = pending.PoliceMtu,
            PoliceExceed = pending.PoliceExceed,
            PoliceConform = pending.PoliceConform,
            FlowId = pending.FlowId,
        });
    }

    private static uint ParseClassId(TcCursor c, ShellWord id)
    {
        // get_tc_classid: "none", "root", "MAJ:MIN" in hex with either part optional.
        if (id.Text == "none")
        {
            return 0;
        }

        if (id.Text == "root")
        {
            return 0xFFFF_FFFF;
        }

        int colon = id.Text.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            string major = id.Text[..colon];
            string minor = id.Text[(colon + 1)..];
            uint maj = 0;
            uint min = 0;
            if ((major.Length == 0 || (TcNumber.TryParseUnsigned(major, 16, out maj) && maj <= 0xFFFF))
                && (minor.Length == 0 || (TcNumber.TryParseUnsigned(minor, 16, out min) && min <= 0xFFFF)))
            {
                return (maj << 16) | min;
            }
        }

        throw c.Error("bad class id (MAJOR:MINOR in hex)", id);
    }

    private static void ParseAction(TcCursor c, PendingRule pending, ShellWord keyword)
    {
        EnsureNoTerminalAction(c, pending, keyword);
        ShellWord w = c.Next("an action");
        if (w.Text == "police")
        {
            ParsePolice(c, pending, w);
            return;
        }

        if (w.Text == "gact")
        {
            w = c.Next("a gact control (drop, pass, ok, continue)");
        }

        pending.Action = Control(c, w) ?? throw c.Error("unsupported action (drop, shot, pass, ok, continue, or police)", w);
        pending.HasAction = true;
        pending.Terminal = true;
    }

    private static void ParsePolice(TcCursor c, PendingRule pending, ShellWord keyword)
    {
        EnsureNoTerminalAction(c, pending, keyword);
        long? mtu = null;
        RuleAction? exceed = null;
        RuleAction conform = RuleAction.Pass;
        while (!c.AtEnd)
        {
            ShellWord w = c.Current;
            if (w.Text is "mtu" or "minburst")
            {
                c.Next("mtu");
                ShellWord size = c.Next("a size after 'mtu'");
                if (mtu is not null)
                {
                    throw c.Error("'mtu' given twice", w);
                }

                mtu = ParseSize(c, size);
            }
            else if (w.Text == "conform-exceed")
            {
                c.Next("conform-exceed");
                ShellWord pair = c.Next("EXCEED[/CONFORM]");
                string[] parts = pair.Text.Split('/');
                if (parts.Length > 2)
                {
                    throw c.Error("expected EXCEED[/CONFORM]", pair);
                }

                exceed = Control(c, pair with { Text = parts[0] }) ?? throw c.Error("unsupported exceed action", pair);
                if (parts.Length == 2)
                {
                    conform = Control(c, pair with { Text = parts[1] }) ?? throw c.Error("unsupported conform action", pair);
                }
            }
            else if (w.Text is "rate" or "burst" or "buffer" or "maxburst" or "peakrate" or "avrate" or "pkts_rate"
                or "pkts_burst" or "mpu" or "overhead" or "linklayer" or "index")
            {
                throw c.Error("police rates are time-dependent; use TokenBucket for rate policing (only 'mtu' is supported)", w);
            }
            else if (IsControlWord(w.Text))
            {
                c.Next("a control");
                if (exceed is not null)
                {
                    throw c.Error("police action given twice", w);
                }

                exceed = Control(c, w) ?? throw c.Error("unsupported police action (drop, shot, pass, ok, continue)", w);
            }
            else
            {
                // As in m_police.c, the first word police does not know ends the police spec.
                break;
            }
        }

        if (mtu is null)
        {
            throw c.Error("police needs 'mtu N' (rate policing is not supported)", keyword);
        }

        if (exceed is null)
        {
            throw c.Error("police needs an exceed action (tc's default, reclassify, is not supported)", keyword);
        }

        pending.PoliceMtu = mtu;
        pending.PoliceExceed = exceed.Value;
        pending.PoliceConform = conform;
        pending.HasAction = true;
        pending.Terminal = true;
    }

    private static void EnsureNoTerminalAction(TcCursor c, PendingRule pending, ShellWord keyword)
    {
        if (pending.HasAction)
        {
            throw c.Error("only one action or police per rule is supported", keyword);
        }
    }

    private static bool IsControlWord(string word) =>
        TcCursor.Matches(word, "reclassify") || TcCursor.Matches(word, "drop") || TcCursor.Matches(word, "shot")
        || TcCursor.Matches(word, "continue") || TcCursor.Matches(word, "pass") || TcCursor.Matches(word, "ok")
        || TcCursor.Matches(word, "pipe") || TcCursor.Matches(word, "goto");

    private static RuleAction? Control(TcCursor c, ShellWord w) => w.Text switch
    {
        "drop" or "shot" => RuleAction.Drop,
        "pass" or "ok" => RuleAction.Pass,
        "continue" => RuleAction.Continue,
        "reclassify" or "pipe" or "goto" or "trap" or "jump" =>
            throw c.Error($"'{w.Text}' is not supported here (drop, shot, pass, ok, continue)", w),
        _ => null,
    };

    private static long ParseSize(TcCursor c, ShellWord word)
    {
        // get_size: a number with an optional unit; "/CELL" (cell log) does not matter for an mtu check.
        string text = word.Text;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
        {
            throw c.Error("bad size", word);
        }

        double bytes = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => number,
            "k" or "kb" => number * 1024.0,
            "m" or "mb" => number * 1024.0 * 1024.0,
            "g" or "gb" => number * 1024.0 * 1024.0 * 1024.0,
            "bit" => number / 8.0,
            "kbit" => number * 1024.0 / 8.0,
            "mbit" => number * 1024.0 * 1024.0 / 8.0,
            "gbit" => number * 1024.0 * 1024.0 * 1024.0 / 8.0,
            _ => throw c.Error("bad size unit (b, k, kb, m, mb, g, gb, bit, kbit, mbit, gbit)", word),
        };
        if (bytes > uint.MaxValue)
        {
            throw c.Error("size too large", word);
        }

        return (long)bytes;
    }

    private sealed class PendingRule
    {
        public bool Terminal { get; set; }

        public bool HasAction { get; set; }

        public RuleAction? Action { get; set; }

        public long? PoliceMtu { get; set; }

        public RuleAction PoliceExceed { get; set; }

        public RuleAction PoliceConform { get; set; } = RuleAction.Pass;

        public uint? FlowId { get; set; }
    }
}
