using System;
using System.Runtime.InteropServices;

namespace Netmap.Interop;

/// <summary>
/// An open netmap file descriptor. Disposing it is <c>close()</c>: the binding ends when the handle is closed and
/// its region unmapped. <see cref="FileDescriptor"/> is a real pollable descriptor on both netmaps, so it works
/// with epoll and async waits.
/// </summary>
public abstract class NetmapHandle : SafeHandle
{
    /// <summary>Creates a handle that owns <paramref name="fileDescriptor"/>.</summary>
    protected NetmapHandle(int fileDescriptor)
        : base(new IntPtr(-1), ownsHandle: true)
    {
        SetHandle(new IntPtr(fileDescriptor));
    }

    /// <inheritdoc />
    public override bool IsInvalid => handle.ToInt64() < 0;

    /// <summary>The descriptor to wait on (the netmap fd, or the user-space netmap's eventfd).</summary>
    public int FileDescriptor => (int)handle.ToInt64();

    /// <summary>Which netmap this handle belongs to.</summary>
    public abstract NetmapBackendKind Backend { get; }
}
