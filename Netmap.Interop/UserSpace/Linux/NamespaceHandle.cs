using System;
using System.Runtime.InteropServices;
using System.Threading;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The network namespace an interface was opened in, kept open so that close, which may run on another thread (a
/// finalizer, a worker), runs ip/tc/ethtool there and never in the namespace of whichever thread closes.
/// </summary>
internal sealed partial class NamespaceHandle : IDisposable
{
    private const int CLONE_NEWNET = 0x40000000;
    private int _fd;

    private NamespaceHandle(int fd, ulong inode)
    {
        _fd = fd;
        Inode = inode;
    }

    public ulong Inode { get; }

    /// <summary>The calling thread's network namespace.</summary>
    public static NamespaceHandle Current() =>
        new(LinuxSys.Open("/proc/thread-self/ns/net", LinuxSys.O_CLOEXEC), InterfaceInfo.NetNs());

    /// <summary>Runs <paramref name="action"/> in this namespace: directly when the caller is in it, else on a short-lived thread that joins it.</summary>
    public void Run(Action action)
    {
        if (_fd < 0 || InterfaceInfo.NetNs() == Inode)
        {
            action();
            return;
        }

        var thread = new Thread(() =>
        {
            if (SetNs(_fd, CLONE_NEWNET) == 0)
            {
                action();
            }
        })
        { IsBackground = true, Name = "netmap netns" };
        thread.Start();
        thread.Join();
    }

    public void Dispose()
    {
        if (_fd >= 0)
        {
            LinuxSys.Close(_fd);
            _fd = -1;
        }
    }

    [LibraryImport("libc", EntryPoint = "setns", SetLastError = true)]
    private static partial int SetNs(int fd, int nstype);
}
