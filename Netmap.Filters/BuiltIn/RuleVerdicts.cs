using Netmap.Filters.Rules;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>How a rule's action becomes a pipeline result: drop drops, accept/pass ends the chain with the accept verdict.</summary>
public sealed record RuleVerdicts
{
    /// <summary>
    /// The verdict for a packet a rule accepts (iptables ACCEPT, tc pass/ok): by default ToHost, so the kernel
    /// handles it as it would without the bypass. On ports without host rings choose another.
    /// </summary>
    public Verdict Accept { get; init; } = Verdict.ToHost;

    /// <summary>Maps a rule action to a result; no match hands the packet on.</summary>
    public FilterResult Map(RuleAction action) => action switch
    {
        RuleAction.Drop => FilterResult.Drop,
        RuleAction.Pass => Accept,
        _ => FilterResult.Next,
    };
}
