using System;
using System.Threading;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>Code running on its own thread while the test goes on (a kernel peer, a forwarder); Join returns its result.</summary>
internal sealed class Background<T>
{
    private readonly Thread _thread;
    private T _result = default!;
    private Exception? _failure;

    public Background(Func<T> body)
    {
        _thread = new Thread(() =>
        {
            try
            {
                _result = body();
            }
#pragma warning disable CA1031 // Rethrown by Join.
            catch (Exception ex)
#pragma warning restore CA1031
            {
                _failure = ex;
            }
        })
        { IsBackground = true };
        _thread.Start();
    }

    public T Join(int timeoutMs = 20000)
    {
        if (!_thread.Join(timeoutMs))
        {
            throw new TimeoutException("background work did not finish");
        }

        return _failure is null ? _result : throw new InvalidOperationException(_failure.Message, _failure);
    }
}
