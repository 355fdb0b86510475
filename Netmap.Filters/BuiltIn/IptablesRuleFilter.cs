using System;
using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>
/// The seed's iptables rule as a filter: protocol + destination address/prefix + destination port/range → action.
/// Rules come from <see cref="IptablesRuleFilterOptions"/>; a change is parsed off the hot path and swapped in at
/// the next batch. A rule that does not parse is an error at start (and a kept old rule set on reload).
/// </summary>
public sealed class IptablesRuleFilter : IPacketFilter, IDisposable, IAcceptingFilter
{
    private readonly ReloadingValue<IptablesRuleFilterOptions, Compiled> _rules;
    private volatile VerdictPort? _port;

    /// <summary>Created by DI; parses the current rules.</summary>
    /// <exception cref="RuleSyntaxException">A rule does not parse.</exception>
    public IptablesRuleFilter(IOptionsMonitor<IptablesRuleFilterOptions> options) => _rules = new(options, Compile);

    /// <summary>Creates the filter over fixed rules (use from code).</summary>
    public IptablesRuleFilter(RuleVerdicts verdicts, params IptablesRule[] rules) => _rules = new(new Compiled(rules, verdicts));

    /// <summary>The rules in force.</summary>
    public ReadOnlySpan<IptablesRule> Rules => _rules.Current.Rules;

    /// <inheritdoc />
    public void OnBatch(int slotsAvailable) => _rules.Refresh();

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context)
    {
        Compiled current = _rules.Current;
        IptablesRule[] rules = current.Rules;
        for (int i = 0; i < rules.Length; i++)
        {
            if (rules[i].Matches(context.Parsed))
            {
                return current.Verdicts.Map(rules[i].Action);
            }
        }

        return FilterResult.Next;
    }

    /// <summary>Stops listening for option changes.</summary>
    public void Dispose() => _rules.Dispose();

    void IAcceptingFilter.CheckAccept(VerdictPort port)
    {
        CheckAccept(_rules.Current, port);
        _port = port;
    }

    private static void CheckAccept(Compiled compiled, VerdictPort port)
    {
        if (Array.Exists(compiled.Rules, r => r.Action == RuleAction.Pass))
        {
            compiled.Verdicts.CheckAccept(port, nameof(IptablesRuleFilter), "IptablesRuleFilterOptions.Verdicts");
        }
    }

    // A reload whose ACCEPT could not work on the port throws here, so the rules in force stay.
    private Compiled Compile(IptablesRuleFilterOptions options)
    {
        var rules = new IptablesRule[options.Rules.Count];
        for (int i = 0; i < rules.Length; i++)
        {
            rules[i] = IptablesRuleParser.Parse(options.Rules[i], i + 1);
        }

        var compiled = new Compiled(rules, options.Verdicts);
        if (_port is { } port)
        {
            CheckAccept(compiled, port);
        }

        return compiled;
    }

    private sealed record Compiled(IptablesRule[] Rules, RuleVerdicts Verdicts);
}
