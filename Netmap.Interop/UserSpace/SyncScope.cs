using System;
using System.Threading;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// The lock a sync or poll of one binding takes: the interface's own gate when every ring of the binding is one only
/// this process can hold (so nothing another process does touches their state), else the directory's lock. A
/// struct: taking it allocates nothing.
/// </summary>
internal readonly struct SyncScope : IDisposable
{
    private readonly object? _gate;
    private readonly RendezvousLock.Scope _lock;

    private SyncScope(object gate)
    {
        _gate = gate;
        _lock = default;
    }

    private SyncScope(RendezvousLock.Scope scope)
    {
        _gate = null;
        _lock = scope;
    }

    /// <exception cref="ObjectDisposedException">The backend was disposed (callers answer EBADF / POLLNVAL).</exception>
    public static SyncScope Enter(UserSpaceNetmapBackend backend, BoundPort b)
    {
        if (b.Interface is { HoldsHostTx: false } ib)
        {
            object gate = ib.Interface.SyncGate;
            Monitor.Enter(gate);

            // Backend disposal unmaps the regions holding every gate; after it this binding's memory is gone.
            if (b.Region.IsDisposed || !backend.IsOpen)
            {
                Monitor.Exit(gate);
                throw new ObjectDisposedException(nameof(UserSpaceNetmapBackend));
            }

            return new SyncScope(gate);
        }

        return new SyncScope(backend.Rendezvous.Lock.Enter());
    }

    public void Dispose()
    {
        if (_gate is not null)
        {
            Monitor.Exit(_gate);
        }
        else
        {
            _lock.Dispose();
        }
    }
}
