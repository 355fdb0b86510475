using System;

namespace Netmap.Interop;

/// <summary>
/// The seam: exactly the calls a netmap program makes — open, ioctl, mmap, poll (close is disposing the handle).
/// Each returns 0 or an errno value, as the system calls do, so callers see the same results from the kernel
/// module and from the user-space netmap. Nothing above this interface knows which one it talks to except by
/// asking <see cref="Kind"/>.
/// </summary>
public interface INetmapBackend
{
    /// <summary>Which netmap this is.</summary>
    NetmapBackendKind Kind { get; }

    /// <summary><c>open("/dev/netmap", O_RDWR | O_CLOEXEC)</c>.</summary>
    /// <param name="handle">The new, unbound handle on success; null on failure.</param>
    /// <returns>0, or the errno (ENOENT when netmap is missing, EACCES/EPERM without permission).</returns>
    int Open(out NetmapHandle? handle);

    /// <summary><c>ioctl(fd, request, argument)</c>: NIOCCTRL with an <see cref="NmReqHeader"/>, NIOCTXSYNC, NIOCRXSYNC.</summary>
    /// <param name="handle">A handle from <see cref="Open"/>.</param>
    /// <param name="request">The request number (<see cref="NetmapIoctl"/>).</param>
    /// <param name="argument">The request's argument (for NIOCCTRL the header; its <c>nr_body</c>/<c>nr_options</c> are addresses too).</param>
    /// <returns>0, or the errno.</returns>
    unsafe int Ioctl(NetmapHandle handle, uint request, void* argument);

    /// <summary><c>mmap(NULL, length, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0)</c> of the handle's memory region.</summary>
    /// <param name="handle">A registered handle.</param>
    /// <param name="length"><c>nr_memsize</c> from the REGISTER reply (longer: EINVAL).</param>
    /// <param name="mapping">The mapping on success; null on failure.</param>
    /// <returns>0, or the errno (EINVAL if the handle is unbound or the length too long).</returns>
    int Mmap(NetmapHandle handle, ulong length, out NetmapMapping? mapping);

    /// <summary><c>poll(fds, n, timeout)</c> over netmap handles, with netmap's implicit TX/RX syncs.</summary>
    /// <param name="fds">The handles, the events wanted, and on return the events ready.</param>
    /// <param name="timeoutMilliseconds">-1 waits for ever, 0 does not wait.</param>
    /// <param name="ready">How many entries have non-zero <see cref="NetmapPollFd.Revents"/>.</param>
    /// <returns>0, or the errno (EINTR if a signal interrupted the wait).</returns>
    int Poll(Span<NetmapPollFd> fds, int timeoutMilliseconds, out int ready);
}
