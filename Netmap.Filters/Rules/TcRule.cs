using System.Collections.Generic;

namespace Netmap.Filters.Rules;

/// <summary>One <c>tc filter add … u32 …</c> as parsed: where it sits, what it matches, what it does.</summary>
public sealed class TcRule
{
    internal TcRule(string device, int prio, ushort protocol, IReadOnlyList<TcKey> keys, int line)
    {
        Device = device;
        Prio = prio;
        Protocol = protocol;
        Keys = keys;
        Line = line;
    }

    /// <summary>The device (<c>dev</c>).</summary>
    public string Device { get; }

    /// <summary>The priority (<c>prio</c>/<c>pref</c>); lower runs first. Auto-assigned as the kernel does when omitted.</summary>
    public int Prio { get; }

    /// <summary>The EtherType the filter applies to (<see cref="TcProtocols.All"/> for every frame).</summary>
    public ushort Protocol { get; }

    /// <summary>The merged u32 keys, in the order iproute2 packs them.</summary>
    public IReadOnlyList<TcKey> Keys { get; }

    /// <summary>Source line of the command.</summary>
    public int Line { get; }

    /// <summary>
    /// True when a match ends classification (tc sets TC_U32_TERMINAL for flowid/classid, police or action);
    /// a matching non-terminal rule lets the next rule run.
    /// </summary>
    public bool Terminal { get; internal set; }

    /// <summary>The <c>action</c>, or null (then a terminal match passes, like an empty action list: TC_ACT_OK).</summary>
    public RuleAction? Action { get; internal set; }

    /// <summary>The police <c>mtu</c> in bytes, or null without <c>police</c>.</summary>
    public long? PoliceMtu { get; internal set; }

    /// <summary>Police action for packets longer than the mtu.</summary>
    public RuleAction PoliceExceed { get; internal set; }

    /// <summary>Police action for packets within the mtu (tc's default is ok = pass).</summary>
    public RuleAction PoliceConform { get; internal set; } = RuleAction.Pass;

    /// <summary>The flowid/classid, or null; it names a class but changes no verdict at ingress.</summary>
    public uint? FlowId { get; internal set; }
}
