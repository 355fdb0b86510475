using System.Collections.Generic;

namespace Netmap.Filters;

/// <summary>
/// Rules in iptables syntax, e.g. the seed's <c>-p udp --dport 4321 --dst 198.18.0.1 -j DROP</c>; first match wins.
/// Bindable from configuration (<c>Netmap:Iptables:Rules:0</c> …); changes apply between batches.
/// </summary>
public sealed class IptablesRuleFilterOptions
{
    /// <summary>The rules, in order.</summary>
    public IList<string> Rules { get; } = new List<string>();

    /// <summary>What an accepting rule does.</summary>
    public RuleVerdicts Verdicts { get; set; } = new();
}
