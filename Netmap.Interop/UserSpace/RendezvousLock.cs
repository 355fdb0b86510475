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

    public RendezvousLock(int fd) => _fd = fd;

    public Scope Enter()
    {
        Monitor.Enter(_gate);
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
