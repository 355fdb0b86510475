using System;
using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>
/// A tc u32 rule table with tc's semantics (prio order, first match, <c>protocol ip</c> matches IPv4 only,
/// <c>police mtu</c>, <c>action drop|pass|ok</c>); a packet no rule matches goes to the next filter. Reloaded
/// between batches when its options change.
/// </summary>
public sealed class TcRuleFilter : IPacketFilter, IDisposable, IAcceptingFilter
{
    private readonly ReloadingValue<TcRuleFilterOptions, Compiled> _table;
    private volatile VerdictPort? _port;

    /// <summary>Created by DI; loads the current table.</summary>
    /// <exception cref="RuleSyntaxException">The table does not parse (line and column in the message).</exception>
    /// <exception cref="InvalidOperationException">Neither text nor file is configured.</exception>
    public TcRuleFilter(IOptionsMonitor<TcRuleFilterOptions> options) => _table = new(options, Compile);

    /// <summary>Creates the filter over a parsed table (use from code).</summary>
    public TcRuleFilter(TcRuleTable table, RuleVerdicts? verdicts = null) => _table = new(new Compiled(table, verdicts ?? new RuleVerdicts()));

    /// <summary>The table in force.</summary>
    public TcRuleTable Table => _table.Current.Table;

    /// <inheritdoc />
    public void OnBatch(int slotsAvailable) => _table.Refresh();

    /// <inheritdoc />
    public FilterResult Invoke(ref PacketContext context)
    {
        Compiled current = _table.Current;
        // Keys read the first slot (headers always live there); police measures the whole packet, as tc sees one skb.
        RuleAction action = current.Table.Evaluate(context.Frame, context.Packet.Length, out int rule);
        return rule < 0 ? FilterResult.Next : current.Verdicts.Map(action);
    }

    /// <summary>Stops listening for option changes.</summary>
    public void Dispose() => _table.Dispose();

    void IAcceptingFilter.CheckAccept(VerdictPort port)
    {
        CheckAccept(_table.Current, port);
        _port = port;
    }

    private static void CheckAccept(Compiled compiled, VerdictPort port)
    {
        if (compiled.Table.CanPass)
        {
            compiled.Verdicts.CheckAccept(port, nameof(TcRuleFilter), "TcRuleFilterOptions.Verdicts");
        }
    }

    // A reload whose pass could not work on the port throws here, so the table in force stays.
    private Compiled Compile(TcRuleFilterOptions options)
    {
        TcRuleTable table = options.Text is { } text ? TcRuleTable.Parse(text, options.Device)
            : options.File is { } file ? TcRuleTable.Load(file, options.Device)
            : throw new InvalidOperationException("TcRuleFilterOptions needs Text or File.");
        var compiled = new Compiled(table, options.Verdicts);
        if (_port is { } port)
        {
            CheckAccept(compiled, port);
        }

        return compiled;
    }

    private sealed record Compiled(TcRuleTable Table, RuleVerdicts Verdicts);
}
