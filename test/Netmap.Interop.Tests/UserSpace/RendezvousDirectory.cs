using System;
using System.IO;
using Netmap.Interop.UserSpace;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>A private rendezvous directory and backend for one test class; everything is removed at the end.</summary>
public sealed class RendezvousDirectory : IDisposable
{
    public RendezvousDirectory()
    {
        Path = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);
        Backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = Path });
    }

    public string Path { get; }

    public UserSpaceNetmapBackend Backend { get; }

    public static string UniqueParent() => "u" + Guid.NewGuid().ToString("N")[..8];

    public void Dispose()
    {
        Backend.Dispose();
        if (Directory.Exists(Path))
        {
            Directory.Delete(Path, recursive: true);
        }
    }
}
