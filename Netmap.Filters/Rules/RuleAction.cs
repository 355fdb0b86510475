namespace Netmap.Filters.Rules;

/// <summary>What a rule decides for a packet; the pipeline maps these to its verdicts.</summary>
public enum RuleAction : byte
{
    /// <summary>No decision: the next rule or filter decides (tc's "continue", no match).</summary>
    Continue = 0,

    /// <summary>Let the packet through (tc's "pass"/"ok", iptables' ACCEPT).</summary>
    Pass = 1,

    /// <summary>Discard the packet (tc's "drop"/"shot", iptables' DROP).</summary>
    Drop = 2,
}
