using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Threading;
using Netmap.Interop.Native;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// The user-space netmap: the same calls, request structs, region layout, ring contract and errno values as the
/// kernel module, kept in shared files under a rendezvous directory so that several processes meet as they would
/// on /dev/netmap. Supported now: pipes (<c>X{id</c>, <c>X}id</c>) and null ports; interfaces, VALE and monitors
/// return EOPNOTSUPP with a log message.
/// </summary>
public sealed unsafe class UserSpaceNetmapBackend : INetmapBackend, INetmapLossCounters, IDisposable
{
    private readonly UserSpaceNetmapOptions _options;
    private readonly UserSpaceLog _log;
    private readonly object _gate = new();
    private Rendezvous? _rendezvous;
    // Process-wide: wake-up sockets are named pid.seq in the directory, which several backends may share.
    private static long _handleSeq;
    private bool _disposed;

    /// <summary>A user-space netmap on the default rendezvous directory (/dev/shm/netmap).</summary>
    public UserSpaceNetmapBackend()
        : this(new UserSpaceNetmapOptions())
    {
    }

    /// <summary>A user-space netmap with the given rendezvous directory and logger.</summary>
    /// <param name="options">Where to meet other processes and where to log.</param>
    public UserSpaceNetmapBackend(UserSpaceNetmapOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _log = new UserSpaceLog(options.Logger);
    }

    /// <inheritdoc />
    public NetmapBackendKind Kind => NetmapBackendKind.UserSpace;

    /// <summary>The rendezvous directory this netmap uses.</summary>
    public string RendezvousDirectory => _options.RendezvousDirectory;

    internal bool FixOffloads => _options.FixOffloads;

    /// <summary>False once disposed.</summary>
    internal bool IsOpen => !_disposed;

    // After Dispose, operations on handles still open end as on a closed descriptor (callers map this to EBADF / POLLNVAL).
    internal Rendezvous Rendezvous => _rendezvous ?? (_disposed
        ? throw new ObjectDisposedException(nameof(UserSpaceNetmapBackend))
        : throw new InvalidOperationException("the user-space netmap has not been opened"));

    /// <inheritdoc />
    public int Open(out NetmapHandle? handle)
    {
        handle = null;
        int error = EnsureRendezvous();
        if (error != 0)
        {
            return error;
        }

        long seq = Interlocked.Increment(ref _handleSeq);
        error = Waker.Create(_rendezvous!.WakeDirectoryBytes, seq, out int fd);
        if (error != 0)
        {
            return error;
        }

        handle = new UserSpaceNetmapHandle(fd, this, seq);
        return 0;
    }

    /// <inheritdoc />
    public int Ioctl(NetmapHandle handle, uint request, void* argument)
    {
        if (handle is not UserSpaceNetmapHandle h || h.Owner != this || h.IsClosed)
        {
            return UserSpaceErrno.EBADF;
        }

        // Like the kernel's file reference: a close() racing with this call takes effect when it returns.
        bool added = false;
        try
        {
            h.DangerousAddRef(ref added);
            switch (request)
            {
                case NetmapIoctl.NIOCCTRL:
                    return ControlRequest.Execute(this, h, (NmReqHeader*)argument);
                case NetmapIoctl.NIOCTXSYNC:
                    return h.Bound is { } tb ? SyncEngine.TxSync(this, h, tb) : Errno.ENXIO;
                case NetmapIoctl.NIOCRXSYNC:
                    return h.Bound is { } rb ? SyncEngine.RxSync(this, h, rb) : Errno.ENXIO;
                case NetmapIoctl.NIOCREGIF or NetmapIoctl.NIOCGINFO:
                    return NotEmulated("the legacy NIOCREGIF/NIOCGINFO requests (use NIOCCTRL)");
                default:
                    return Errno.ENOTTY;
            }
        }
        catch (ObjectDisposedException)
        {
            return UserSpaceErrno.EBADF;
        }
        finally
        {
            if (added)
            {
                h.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public int Mmap(NetmapHandle handle, ulong length, out NetmapMapping? mapping)
    {
        mapping = null;
        if (handle is not UserSpaceNetmapHandle h || h.Owner != this)
        {
            return UserSpaceErrno.EBADF;
        }

        BoundPort? b = h.Bound;
        if (b is null || length == 0 || length > b.Region.MemSize)
        {
            return Errno.EINVAL;
        }

        void* address = Libc.Mmap(null, (nuint)length, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE, LinuxConstants.MAP_SHARED, b.Region.MemoryFd, 0);
        if ((nint)address == Libc.MapFailed)
        {
            return Marshal.GetLastPInvokeError();
        }

        mapping = new NetmapMapping(address, length);
        return 0;
    }

    /// <inheritdoc />
    public int Poll(Span<NetmapPollFd> fds, int timeoutMilliseconds, out int ready) => Poller.Poll(this, fds, timeoutMilliseconds, out ready);

    /// <summary>
    /// Interface ports: the kernel's counters of the bound queues' AF_XDP sockets (and of the TAP when a host RX ring
    /// is bound). The emulation itself never drops a received frame: what finds no room in a netmap ring stays queued
    /// in the socket or TAP, so losses happen only in the kernel. Pipes and null ports cannot lose: true with zeros.
    /// </summary>
    /// <inheritdoc />
    public bool TryGetLosses(NetmapHandle handle, out NetmapLosses losses)
    {
        losses = default;
        if (handle is not UserSpaceNetmapHandle h || h.Owner != this || h.IsClosed)
        {
            return false;
        }

        // Holds the handle open so close() cannot tear the interface's sockets down under the getsockopt calls.
        bool added = false;
        try
        {
            h.DangerousAddRef(ref added);
            BoundPort? b = h.Bound;
            if (b is null)
            {
                return false;
            }

            return b.Interface is not { } ib || ib.AddLosses(ref losses);
        }
        catch (ObjectDisposedException)
        {
            return false;
        }
        finally
        {
            if (added)
            {
                h.DangerousRelease();
            }
        }
    }

    /// <summary>Releases this process's mappings and the rendezvous lock file (handles should be closed first).</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            _disposed = true;
            _rendezvous?.Dispose();
            _rendezvous = null;
        }
    }

    private int EnsureRendezvous()
    {
        lock (_gate)
        {
            if (_rendezvous is not null)
            {
                return 0;
            }

            ObjectDisposedException.ThrowIf(_disposed, this);

            try
            {
                _rendezvous = Rendezvous.Open(_options.RendezvousDirectory);
            }
            catch (UnauthorizedAccessException)
            {
                return Errno.EACCES;
            }
            catch (IOException ex)
            {
                _log.LogUnsupported($"cannot use the rendezvous directory {_options.RendezvousDirectory}: {ex.Message}");
                return Errno.EACCES;
            }

            RemoveStaleWakeSockets();
            return 0;
        }
    }

    private void RemoveStaleWakeSockets()
    {
        foreach (string path in Directory.EnumerateFiles(_rendezvous!.WakeDirectory))
        {
            string name = Path.GetFileName(path);
            int dot = name.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && int.TryParse(name.AsSpan(0, dot), out int pid) && !ProcessIdentity.IsAlive(pid, 0))
            {
                Libc.Unlink(path);
            }
        }
    }

    /// <summary>Unbinds every binding whose owner process is gone (killed, crashed): netmap's close at exit.</summary>
    internal void SweepDeadOwners()
    {
        Rendezvous rv = Rendezvous;
        foreach (uint memId in rv.KnownRegions())
        {
            if (rv.GetRegion(memId, out Region? region) != 0)
            {
                continue;
            }

            for (int i = 0; !region!.IsDisposed && i < region.Header.MaxBindings; i++)
            {
                ref BindingState b = ref region.Binding(i);
                if (b.InUse != 0 && !ProcessIdentity.IsAlive(b.Pid, b.PidStart))
                {
                    _log.LogUnsupported($"releasing binding {i} of region {memId}: process {b.Pid} is gone");
                    Registrar.Unbind(rv, region, i);
                }
            }

            if (!region.IsDisposed && region.LocalBindings == 0)
            {
                rv.ReleaseLocal(region);
            }
        }
    }

    /// <summary>close(): unbinds under the lock, then removes the wake-up socket's name.</summary>
    internal void Release(UserSpaceNetmapHandle handle)
    {
        Rendezvous? rv = _rendezvous;
        BoundPort? b = handle.Bound;
        if (rv is not null && b is not null)
        {
            using (rv.Lock.Enter())
            {
                if (b.Interface is { } li)
                {
                    Registrar.DetachInterface(this, b, li);
                }

                if (!b.Region.IsDisposed)
                {
                    b.Region.LocalBindings--;
                    if (Registrar.HoldsOwnBinding(b.Region, b.Binding, b.Port, handle.Seq))
                    {
                        Registrar.Unbind(rv, b.Region, b.Binding);
                    }

                    if (!b.Region.IsDisposed)
                    {
                        rv.ReleaseLocal(b.Region);
                    }
                }
            }

            handle.Bound = null;
        }

        if (rv is not null)
        {
            Libc.Unlink(Waker.PathOf(rv.WakeDirectory, Environment.ProcessId, handle.Seq));
        }
    }

    internal int NotEmulated(string what)
    {
        _log.LogUnsupported($"{what}: not emulated yet by the user-space netmap");
        return Errno.EOPNOTSUPP;
    }

    /// <summary>What the kernel would print for an interface port (missing interface, capability, conflicts, offloads).</summary>
    internal void Log(string message) => _log.LogUnsupported(message);

    internal void LogRefused(string dir, int kring, string check, uint head, uint cur, uint tail, ref KRingState k) =>
        _log.LogRefused(dir, kring, check, head, cur, tail, dir == "TX" ? k.RHead : k.HwCur, k.RTail, k.HwTail);

    internal void LogTailOverwritten(string dir, int kring) => _log.LogTailOverwritten(dir, kring);
}
