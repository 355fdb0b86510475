using System.Threading;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;

namespace Netmap.Pipeline.Tests;

/// <summary>Fires a change of <typeparamref name="T"/> options, as a reloading configuration file would.</summary>
internal sealed class ManualChange<T> : IOptionsChangeTokenSource<T>
{
    private CancellationTokenSource _cts = new();

    public string? Name => Options.DefaultName;

    public IChangeToken GetChangeToken() => new CancellationChangeToken(_cts.Token);

    public void Fire()
    {
        CancellationTokenSource old = _cts;
        _cts = new CancellationTokenSource();
        old.Cancel();
    }
}
