using System;
using System.Runtime.InteropServices;
using System.Threading;
using Netmap.Interop.Native;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// The one lock over all shared state of a rendezvous directory: a monitor for this process's threads plus flock
/// for other processes. The kernel drops a flock when its holder dies, so a killed process cannot wedge it.
/// </summary>
internal sealed class RendezvousLock
{
    private readonly object _gate = new();
    private readonly int _fd;
    private bool _closed;

    public RendezvousLock(int fd) => _fd = fd;

    /// <exception cref="ObjectDisposedException">The rendezvous was disposed (its lock file is closed).</exception>
    public Scope Enter()
    {
        Monitor.Enter(_gate);
        if (_closed)
        {
            Monitor.Exit(_gate);
            throw new ObjectDisposedException(nameof(Rendezvous), "the user-space netmap has been disposed");
        }

        while (Libc.Flock(_fd, Libc.LOCK_EX) != 0)
        {
            if (Marshal.GetLastPInvokeError() != Errno.EINTR)
            {
                Monitor.Exit(_gate);
                throw new InvalidOperationException($"flock on the netmap rendezvous lock failed: {Errno.Name(Marshal.GetLastPInvokeError())}");
            }
        }

        return new Scope(this);
    }

    /// <summary>Called by the holder before the lock file is closed: every later <see cref="Enter"/> throws.</summary>
    public void Close() => _closed = true;

    private void Exit()
    {
        Libc.Flock(_fd, Libc.LOCK_UN);
        Monitor.Exit(_gate);
    }

    /// <summary>Held until disposed; a struct so taking the lock on the sync path allocates nothing.</summary>
    public readonly struct Scope : IDisposable
    {
        private readonly RendezvousLock _owner;

        public Scope(RendezvousLock owner) => _owner = owner;

        public void Dispose() => _owner.Exit();
    }
}
