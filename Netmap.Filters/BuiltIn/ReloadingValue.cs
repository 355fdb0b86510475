using System;
using Microsoft.Extensions.Options;
using Netmap.Filters.Rules;

namespace Netmap.Filters;

/// <summary>
/// A value compiled from options that a filter swaps in between batches when the options change: compiled off the
/// hot path by the change callback, taken by the worker's thread at its next batch. A change that does not compile
/// keeps the last good value in force (a broken edit must not open the gate).
/// </summary>
internal sealed class ReloadingValue<TOptions, TValue> : IDisposable
    where TValue : class
{
    private readonly IDisposable? _subscription;
    private volatile TValue? _pending;

    public ReloadingValue(IOptionsMonitor<TOptions> options, Func<TOptions, TValue> compile)
    {
        ArgumentNullException.ThrowIfNull(options);
        Current = compile(options.CurrentValue);
        _subscription = options.OnChange(o =>
        {
            try
            {
                _pending = compile(o);
            }
            catch (Exception e) when (e is RuleSyntaxException or InvalidOperationException or System.IO.IOException or UnauthorizedAccessException)
            {
                // A broken edit or a missing file keeps the last good value in force.
            }
        });
    }

    public ReloadingValue(TValue fixedValue) => Current = fixedValue;

    /// <summary>The value in force (read on the worker's thread).</summary>
    public TValue Current { get; private set; }

    /// <summary>Takes a pending change, if any (call from OnBatch).</summary>
    public void Refresh()
    {
        // Exchange, so a change that lands between the read and the clear is not lost.
        if (_pending is not null && System.Threading.Interlocked.Exchange(ref _pending, null) is { } next)
        {
            Current = next;
        }
    }

    public void Dispose() => _subscription?.Dispose();
}
