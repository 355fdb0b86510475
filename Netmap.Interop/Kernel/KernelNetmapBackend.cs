using System;
using System.Runtime.InteropServices;
using Netmap.Interop.Native;

namespace Netmap.Interop.Kernel;

/// <summary>The netmap kernel module: the seam's calls go straight to libc on <c>/dev/netmap</c>.</summary>
public sealed unsafe class KernelNetmapBackend : INetmapBackend
{
    /// <summary>Creates the backend for <paramref name="devicePath"/> (normally <c>/dev/netmap</c>).</summary>
    public KernelNetmapBackend(string devicePath = NetmapApi.DeviceName) => DevicePath = devicePath;

    /// <summary>The control device this backend opens.</summary>
    public string DevicePath { get; }

    /// <inheritdoc />
    public NetmapBackendKind Kind => NetmapBackendKind.Kernel;

    /// <inheritdoc />
    public int Open(out NetmapHandle? handle)
    {
        int fd = Libc.Open(DevicePath, LinuxConstants.O_RDWR | LinuxConstants.O_CLOEXEC, 0);
        if (fd < 0)
        {
            handle = null;
            return Marshal.GetLastPInvokeError();
        }

        handle = new KernelNetmapHandle(fd);
        return 0;
    }

    /// <inheritdoc />
    public int Ioctl(NetmapHandle handle, uint request, void* argument)
    {
        ArgumentNullException.ThrowIfNull(handle);
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            return Libc.Ioctl(handle.FileDescriptor, request, argument) < 0 ? Marshal.GetLastPInvokeError() : 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public int Mmap(NetmapHandle handle, ulong length, out NetmapMapping? mapping)
    {
        ArgumentNullException.ThrowIfNull(handle);
        mapping = null;
        bool added = false;
        try
        {
            handle.DangerousAddRef(ref added);
            void* address = Libc.Mmap(null, (nuint)length, LinuxConstants.PROT_READ | LinuxConstants.PROT_WRITE,
                LinuxConstants.MAP_SHARED, handle.FileDescriptor, 0);
            if ((nint)address == Libc.MapFailed)
            {
                return Marshal.GetLastPInvokeError();
            }

            mapping = new NetmapMapping(address, length);
            return 0;
        }
        finally
        {
            if (added)
            {
                handle.DangerousRelease();
            }
        }
    }

    /// <inheritdoc />
    public int Poll(Span<NetmapPollFd> fds, int timeoutMilliseconds, out int ready)
    {
        ready = 0;
        Span<Libc.PollFd> native = fds.Length <= 64 ? stackalloc Libc.PollFd[fds.Length] : new Libc.PollFd[fds.Length];
        int added = 0;
        try
        {
            for (; added < fds.Length; added++)
            {
                bool ok = false;
                fds[added].Handle.DangerousAddRef(ref ok);
                native[added] = new Libc.PollFd { Fd = fds[added].Handle.FileDescriptor, Events = (short)fds[added].Events };
            }

            fixed (Libc.PollFd* p = native)
            {
                int n = Libc.Poll(p, (nuint)native.Length, timeoutMilliseconds);
                if (n < 0)
                {
                    return Marshal.GetLastPInvokeError();
                }

                ready = n;
            }

            for (int i = 0; i < fds.Length; i++)
            {
                fds[i].Revents = (PollEvents)native[i].Revents;
            }

            return 0;
        }
        finally
        {
            for (int i = 0; i < added; i++)
            {
                fds[i].Handle.DangerousRelease();
            }
        }
    }
}
