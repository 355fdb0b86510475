using System;
using System.Runtime.InteropServices;
using System.Threading;
using System.Threading.Tasks;
using Netmap.Interop;
using Netmap.Sdk.Native;

namespace Netmap.Sdk;

/// <summary>
/// Awaitable readiness for async hosts. It blocks a dedicated thread in poll(2) on the port's pollable descriptor
/// and an eventfd that cancellation writes to — a real wait, never a timer loop — and before each wait asks netmap
/// itself (a zero-timeout netmap poll, which syncs the rings) so readiness means what netmap's poll means.
/// </summary>
internal static class PortWaiter
{
    public static Task<PollEvents> WaitAsync(NetmapPort port, PollEvents events, CancellationToken cancellationToken)
    {
        if (cancellationToken.IsCancellationRequested)
        {
            return Task.FromCanceled<PollEvents>(cancellationToken);
        }

        return Task.Factory.StartNew(() => Wait(port, events, cancellationToken), cancellationToken,
            TaskCreationOptions.LongRunning, TaskScheduler.Default);
    }

    private static unsafe PollEvents Wait(NetmapPort port, PollEvents events, CancellationToken cancellationToken)
    {
        int cancelFd = Libc.EventFd(0, Libc.EFD_CLOEXEC | Libc.EFD_NONBLOCK);
        if (cancelFd < 0)
        {
            throw new NetmapException(NetmapStep.Poll, Marshal.GetLastPInvokeError(), port.Name, "eventfd for cancellation");
        }

        try
        {
            using CancellationTokenRegistration registration = cancellationToken.Register(() =>
            {
                ulong one = 1;
                _ = Libc.Write(cancelFd, &one, sizeof(ulong));
            });
            Libc.PollFd* fds = stackalloc Libc.PollFd[2];
            while (true)
            {
                PollEvents ready = port.Poll(events, 0);
                if (ready != PollEvents.None)
                {
                    return ready;
                }

                // Only the events asked for: waking on RX data while waiting for TX room would spin this loop.
                PollEvents wanted = events & (PollEvents.In | PollEvents.Out);
                fds[0] = new Libc.PollFd { Fd = port.Handle.FileDescriptor, Events = (short)(wanted == PollEvents.None ? PollEvents.In : wanted) };
                fds[1] = new Libc.PollFd { Fd = cancelFd, Events = (short)PollEvents.In };

                if (Libc.Poll(fds, 2, -1) < 0 && Marshal.GetLastPInvokeError() != Errno.EINTR)
                {
                    throw new NetmapException(NetmapStep.Poll, Marshal.GetLastPInvokeError(), port.Name);
                }

                cancellationToken.ThrowIfCancellationRequested();
            }
        }
        finally
        {
            Libc.Close(cancelFd);
        }
    }
}
