using System;
using Netmap.Interop.UserSpace;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>A rendezvous directory whose backend logs into <see cref="LogCapture"/>.</summary>
internal sealed class LoggedRendezvous : IDisposable
{
    public LoggedRendezvous(LogCapture log) =>
        Backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = Path, Logger = log });

    public string Path { get; } = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);

    public UserSpaceNetmapBackend Backend { get; }

    public void Dispose()
    {
        Backend.Dispose();
        if (System.IO.Directory.Exists(Path))
        {
            System.IO.Directory.Delete(Path, recursive: true);
        }
    }
}
