using System;
using Netmap.Filters.Rules;
using Netmap.Sdk;

namespace Netmap.Filters;

/// <summary>How a rule's action becomes a pipeline result: drop drops, accept/pass ends the chain with the accept verdict.</summary>
public sealed record RuleVerdicts
{
    /// <summary>
    /// The verdict for a packet a rule accepts (iptables ACCEPT, tc pass/ok): by default ToHost, so the kernel
    /// handles it as it would without the bypass. On ports without host rings choose another: a pipeline whose rules
    /// can accept refuses to start (and a reload is refused) where ToHost has no host ring, or Forward(n) no target n.
    /// </summary>
    public Verdict Accept { get; init; } = Verdict.ToHost;

    /// <summary>Refuses an accept verdict that can never be carried out on <paramref name="port"/>.</summary>
    /// <param name="port">The port and what it offers.</param>
    /// <param name="filter">The filter, for the message.</param>
    /// <param name="options">Where its verdicts are set, for the message (e.g. <c>IptablesRuleFilterOptions.Verdicts</c>).</param>
    /// <exception cref="InvalidOperationException">Accept is ToHost on a port without host rings, or Forward beyond the targets.</exception>
    internal void CheckAccept(VerdictPort port, string filter, string options) =>
        port.Check(Accept, $"{filter}'s accept verdict (RuleVerdicts.Accept)",
            $"set {options} = new RuleVerdicts {{ Accept = Verdict.Drop }} (or Transmit, or Forward to a configured target)");

    /// <summary>Maps a rule action to a result; no match hands the packet on.</summary>
    public FilterResult Map(RuleAction action) => action switch
    {
        RuleAction.Drop => FilterResult.Drop,
        RuleAction.Pass => Accept,
        _ => FilterResult.Next,
    };
}
