using Microsoft.Extensions.Logging;

namespace Netmap.Interop.UserSpace;

/// <summary>Where the user-space netmap keeps its shared state, and where it logs what the kernel would log.</summary>
public sealed class UserSpaceNetmapOptions
{
    /// <summary>The default rendezvous directory, shared by every process of the machine like /dev/netmap.</summary>
    public const string DefaultRendezvousDirectory = "/dev/shm/netmap";

    /// <summary>
    /// The directory holding region files, state files and wake-up sockets (created with mode 0700). Processes
    /// that should see each other's ports must use the same directory; tests use one of their own.
    /// </summary>
    public string RendezvousDirectory { get; init; } = DefaultRendezvousDirectory;

    /// <summary>Receives the messages netmap would print to the kernel log (refused syncs, unsupported ports).</summary>
    public ILogger? Logger { get; init; }

    /// <summary>
    /// When true, opening an interface switches off the offloads that corrupt what the rings see (GRO on the
    /// interface; tx-checksumming, TSO and GSO on its veth peer when that is in the same namespace) and the last
    /// close switches them back on. When false (the default) they are only reported with the ethtool command.
    /// </summary>
    public bool FixOffloads { get; init; }
}
