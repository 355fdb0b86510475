using System;
using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>
/// The seed's iptables rule as a filter: protocol + destination address/prefix + destination port/range → action.
/// Rules come from <see cref="IptablesRuleFilterOptions"/>; a change is parsed off the hot path and swapped in at
/// the next batch. A rule that does not parse is an error at start (and a kept old rule set on reload).
/// </summary>
public sealed class IptablesRuleFilter : IPacketFilter, IDisposable
{
    private readonly IDisposable? _subscription;
    private volatile Compiled? _pending;
    private Compiled _current;

    /// <summary>Created by DI; parses the current rules.</summary>
    /// <exception cref="RuleSyntaxException">A rule does not parse.</exception>
    public IptablesRuleFilter(IOptionsMonitor<IptablesRuleFilterOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _current = Compile(options.CurrentValue);
        _subscription = options.OnChange(o =>
        {
            try
            {
                _pending = Compile(o);
            }
            catch (RuleSyntaxException)
            {
                // Keep enforcing the last good rule set; the configuration's author sees the error in the reload log.
            }
        });
    }

    /// <summary>Creates the filter over fixed rules (use from code).</summary>
    public IptablesRuleFilter(RuleVerdicts verdicts, params IptablesRule[] rules)
    {
        _current = new Compiled(rules, verdicts);
    }

    /// <summary>The rules in force.</summary>
    public ReadOnlySpan<IptablesRule> Rules => _current.Rules;

    /// <inheritdoc />
    public void OnBatch(int slotsAvailable)
    {
        if (_pending is { } next)
        {
            _current = next;
            _pending = null;
        }
    }

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context)
    {
        IptablesRule[] rules = _current.Rules;
        for (int i = 0; i < rules.Length; i++)
        {
            if (rules[i].Matches(context.Parsed))
            {
                return _current.Verdicts.Map(rules[i].Action);
            }
        }

        return FilterResult.Next;
    }

    /// <summary>Stops listening for option changes.</summary>
    public void Dispose() => _subscription?.Dispose();

    private static Compiled Compile(IptablesRuleFilterOptions options)
    {
        var rules = new IptablesRule[options.Rules.Count];
        for (int i = 0; i < rules.Length; i++)
        {
            rules[i] = IptablesRuleParser.Parse(options.Rules[i], i + 1);
        }

        return new Compiled(rules, options.Verdicts);
    }

    private sealed record Compiled(IptablesRule[] Rules, RuleVerdicts Verdicts);
}
