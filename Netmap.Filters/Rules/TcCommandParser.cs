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
        var pending = new TcRuleDraft();
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
                TcActionParser.ParseAction(c, pending, w);
            }
            else if (TcCursor.Matches(t, "police"))
            {
                TcActionParser.ParsePolice(c, pending, w);
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
}
