using System;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// A handle of the user-space netmap: its descriptor is the wake-up socket (pollable, epoll-able), and closing it
/// unbinds the port exactly as close() of /dev/netmap does.
/// </summary>
internal sealed class UserSpaceNetmapHandle : NetmapHandle
{
    public UserSpaceNetmapHandle(int fd, UserSpaceNetmapBackend owner, long seq)
        : base(fd)
    {
        Owner = owner;
        Seq = seq;
        WakeFd = fd;
    }

    /// <summary>
    /// The wake-up socket (peers send it a byte when they publish or release). It is also the pollable
    /// <see cref="NetmapHandle.FileDescriptor"/> except for interface handles, whose descriptor is an epoll set that
    /// contains it.
    /// </summary>
    public int WakeFd { get; }

    /// <summary>Makes <paramref name="epollFd"/> (which contains the wake-up socket) the handle's pollable descriptor.</summary>
    public void UseReadinessSet(int epollFd) => SetHandle(new IntPtr(epollFd));

    public override NetmapBackendKind Backend => NetmapBackendKind.UserSpace;

    public UserSpaceNetmapBackend Owner { get; }

    /// <summary>Unique within the process; with the pid it names the wake-up socket.</summary>
    public long Seq { get; }

    /// <summary>The binding made by REGISTER, null until then.</summary>
    public BoundPort? Bound { get; set; }

    protected override bool ReleaseHandle()
    {
        try
        {
            Owner.Release(this);
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.IO.IOException)
        {
            // close() cannot fail in a way the caller could act on; the sweep of dead owners cleans up later.
        }

        if (FileDescriptor != WakeFd)
        {
            Native.Libc.Close(FileDescriptor);
        }

        return Native.Libc.Close(WakeFd) == 0;
    }
}
