using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Netmap.Filters.Headers;

namespace Netmap.Filters.Rules;

/// <summary>
/// The tc u32 rules of one device's ingress qdisc, compiled to arrays of structs and evaluated as the kernel's
/// cls_u32 would: allocation-free, first match in ascending prio wins, no match passes.
/// </summary>
/// <remarks>
/// <para>What the kernel does before tc is reproduced: one outer 802.1Q/802.1ad tag is removed (skb_vlan_untag),
/// so <c>protocol ip</c> sees single-tagged IPv4 and offsets start after the tag; frames shorter than an Ethernet
/// header never reach tc and match nothing.</para>
/// <para>Each key reads a whole aligned 32-bit word; when the word is not entirely inside the frame the kernel's
/// u32_classify stops that classifier instance (one prio), so the remaining rules at that prio are skipped and the
/// next prio runs. Offsets are not IHL-aware, exactly as tc. Police length is the frame length as seen at ingress
/// (act_police adds the MAC header back since Linux 5.17), i.e. without a removed tag.</para>
/// </remarks>
public sealed class TcRuleTable
{
    private readonly CompiledKey[] _keys;
    private readonly CompiledRule[] _rules;

    private TcRuleTable(string device, IReadOnlyList<TcRule> rules, bool hasIngressQdisc, IReadOnlyList<string> warnings)
    {
        Warnings = warnings;
        Device = device;
        HasIngressQdisc = hasIngressQdisc;
        // Stable sort: rules at one prio keep insertion order, as u32 node handles are allocated in increasing order.
        TcRule[] ordered = rules.OrderBy(r => r.Prio).ToArray();
        Rules = ordered;
        var keys = new List<CompiledKey>();
        _rules = new CompiledRule[ordered.Length];
        for (int i = 0; i < ordered.Length; i++)
        {
            TcRule r = ordered[i];
            int groupEnd = i;
            while (groupEnd + 1 < ordered.Length && ordered[groupEnd + 1].Prio == r.Prio)
            {
                groupEnd++;
            }

            _rules[i] = new CompiledRule
            {
                KeyStart = keys.Count,
                KeyCount = r.Keys.Count,
                Protocol = r.Protocol,
                GroupEnd = groupEnd,
                Terminal = r.Terminal,
                HasPolice = r.PoliceMtu is not null,
                PoliceMtu = r.PoliceMtu ?? 0,
                Exceed = r.PoliceExceed,
                Conform = r.PoliceConform,
                Action = r.Action ?? RuleAction.Pass,
            };
            foreach (TcKey k in r.Keys)
            {
                keys.Add(new CompiledKey { Offset = k.Offset, Value = k.Value, Mask = k.Mask });
            }
        }

        _keys = keys.ToArray();
    }

    private TcRuleTable(TcRuleTable other)
    {
        _keys = other._keys;
        _rules = other._rules;
        Device = other.Device;
        HasIngressQdisc = other.HasIngressQdisc;
        Warnings = other.Warnings;
        Rules = other.Rules;
    }

    /// <summary>The device whose rules these are.</summary>
    public string Device { get; }

    /// <summary>True when the text also declared the device's ingress qdisc (informational: parent ffff: names it).</summary>
    public bool HasIngressQdisc { get; }

    /// <summary>Leniencies applied while reading the text (e.g. a loop without 'done'); empty for a clean text.</summary>
    public IReadOnlyList<string> Warnings { get; }

    /// <summary>The rules in evaluation order (ascending prio, then insertion order).</summary>
    public IReadOnlyList<TcRule> Rules { get; }

    /// <summary>
    /// True if some rule can decide <see cref="RuleAction.Pass"/> (its action, or a police outcome); no match is not
    /// counted. A police conform below the shortest frame (the seed's <c>police mtu 1 drop</c>) never happens.
    /// </summary>
    internal bool CanPass => Array.Exists(_rules, r => r.Terminal &&
        (r.HasPolice
            ? (r.Conform == RuleAction.Pass && r.PoliceMtu >= EthernetHeader.Size) || r.Exceed == RuleAction.Pass
            : r.Action == RuleAction.Pass));

    /// <summary>What a frame gets when no rule decides: <see cref="RuleAction.Pass"/>, as tc ingress lets it through.</summary>
    public RuleAction NoMatchAction { get; private init; } = RuleAction.Pass;

    /// <summary>
    /// The same compiled rules with another no-match answer, e.g. <see cref="RuleAction.Continue"/> so that a
    /// pipeline hands undecided frames to its next filter instead of passing them.
    /// </summary>
    /// <param name="action">The answer when no rule decides.</param>
    /// <returns>A table sharing this one's compiled rules.</returns>
    public TcRuleTable WithNoMatchAction(RuleAction action) => new(this) { NoMatchAction = action };

    /// <summary>
    /// Parses tc commands, one per line after shell expansion, or the appendix's script itself (variables,
    /// <c>for … in …; do … done</c>, backslash continuations, comments).
    /// </summary>
    /// <param name="text">The rules text.</param>
    /// <param name="device">The device whose rules to keep; may be omitted when the text names only one.</param>
    /// <returns>The compiled table.</returns>
    /// <exception cref="RuleSyntaxException">Anything not understood, with line, column and token.</exception>
    public static TcRuleTable Parse(string text, string? device = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        var parser = new TcCommandParser();
        var warnings = new List<string>();
        foreach (IReadOnlyList<ShellWord> command in ShellScript.Expand(text, warnings))
        {
            parser.Parse(command);
        }

        var devices = parser.Rules.Select(r => r.Device).Concat(parser.IngressDevices).Distinct(StringComparer.Ordinal).ToList();
        if (device is null)
        {
            if (devices.Count > 1)
            {
                throw new RuleSyntaxException(
                    $"the rules name several devices ({string.Join(", ", devices)}); say which one to use", 0, 0, string.Empty);
            }

            device = devices.Count == 1 ? devices[0] : string.Empty;
        }

        List<TcRule> mine = parser.Rules.Where(r => r.Device == device).ToList();
        return new TcRuleTable(device, mine, parser.IngressDevices.Contains(device), warnings);
    }

    /// <summary>Reads and parses a rules file.</summary>
    /// <param name="path">The file.</param>
    /// <param name="device">As for <see cref="Parse"/>.</param>
    /// <returns>The compiled table.</returns>
    public static TcRuleTable Load(string path, string? device = null) => Parse(File.ReadAllText(path), device);

    /// <summary>Classifies a frame.</summary>
    /// <param name="frame">The whole frame from the destination MAC.</param>
    /// <returns><see cref="RuleAction.Drop"/> or <see cref="RuleAction.Pass"/> from the first deciding rule, else <see cref="NoMatchAction"/>.</returns>
    public RuleAction Evaluate(ReadOnlySpan<byte> frame) => Evaluate(frame, out _);

    /// <summary>Classifies a frame and says which rule decided.</summary>
    /// <param name="frame">The whole frame.</param>
    /// <param name="ruleIndex">Index into <see cref="Rules"/> of the deciding rule, or -1.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(ReadOnlySpan<byte> frame, out int ruleIndex) => Evaluate(frame, frame.Length, out ruleIndex);

    /// <summary>
    /// Classifies a packet whose bytes continue beyond <paramref name="frame"/> (a multi-slot packet: headers in the
    /// first slot, the payload in further fragments) and says which rule decided. Keys read <paramref name="frame"/>;
    /// <c>police mtu</c> compares the whole packet's <paramref name="packetLength"/>.
    /// </summary>
    /// <param name="frame">The packet's first bytes, from the destination MAC (for a multi-slot packet, its first slot).</param>
    /// <param name="packetLength">The whole packet's length in bytes (at least <paramref name="frame"/>'s).</param>
    /// <param name="ruleIndex">Index into <see cref="Rules"/> of the deciding rule, or -1.</param>
    /// <returns>The decision.</returns>
    public RuleAction Evaluate(ReadOnlySpan<byte> frame, int packetLength, out int ruleIndex)
    {
        ruleIndex = -1;
        if (frame.Length < EthernetHeader.Size || _rules.Length == 0)
        {
            return NoMatchAction;
        }

        var view = new IngressView(frame, Math.Max(packetLength, frame.Length));
        if (!view.Valid)
        {
            return NoMatchAction;
        }

        CompiledRule[] rules = _rules;
        int i = 0;
        while (i < rules.Length)
        {
            ref readonly CompiledRule group = ref rules[i];
            if (group.Protocol != TcProtocols.All && group.Protocol != view.Protocol)
            {
                i = group.GroupEnd + 1;
                continue;
            }

            int end = group.GroupEnd;
            for (; i <= end; i++)
            {
                ref readonly CompiledRule rule = ref rules[i];
                KeyResult result = MatchKeys(view, rule);
                if (result == KeyResult.Unreadable)
                {
                    // u32_classify's "goto out": this prio's classifier gives up; the next prio still runs.
                    break;
                }

                if (result == KeyResult.Mismatch || !rule.Terminal)
                {
                    continue;
                }

                RuleAction action = rule.HasPolice
                    ? (view.PoliceLength <= rule.PoliceMtu ? rule.Conform : rule.Exceed)
                    : rule.Action;
                if (action != RuleAction.Continue)
                {
                    ruleIndex = i;
                    return action;
                }
            }

            i = end + 1;
        }

        return NoMatchAction;
    }

    private KeyResult MatchKeys(in IngressView view, in CompiledRule rule)
    {
        CompiledKey[] keys = _keys;
        int end = rule.KeyStart + rule.KeyCount;
        for (int k = rule.KeyStart; k < end; k++)
        {
            ref readonly CompiledKey key = ref keys[k];
            if (!view.TryReadWord(key.Offset, out uint word))
            {
                return KeyResult.Unreadable;
            }

            if (((word ^ key.Value) & key.Mask) != 0)
            {
                return KeyResult.Mismatch;
            }
        }

        return KeyResult.Match;
    }

    private enum KeyResult : byte
    {
        Match,
        Mismatch,
        Unreadable,
    }

    private struct CompiledKey
    {
        public int Offset;
        public uint Value;
        public uint Mask;
    }

    private struct CompiledRule
    {
        public int KeyStart;
        public int KeyCount;
        public int GroupEnd;
        public ushort Protocol;
        public bool Terminal;
        public bool HasPolice;
        public long PoliceMtu;
        public RuleAction Exceed;
        public RuleAction Conform;
        public RuleAction Action;
    }
}
