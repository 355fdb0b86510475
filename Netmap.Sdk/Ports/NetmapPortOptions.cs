using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>How to open a <see cref="NetmapPort"/>, beyond what its name says.</summary>
public sealed record NetmapPortOptions
{
    /// <summary>The netmap to use; null takes the process-wide choice (<see cref="NetmapBackends.Default"/>).</summary>
    public INetmapBackend? Backend { get; init; }

    /// <summary>
    /// Host ring pairs to ask for (<c>@conf:host-rings=N</c>) when the name does not say; netmap uses it only if the
    /// interface is not open yet. Workers set it to the NIC ring count so worker i owns host ring pair i.
    /// </summary>
    public uint? HostRings { get; init; }

    /// <summary>Extra buffers to ask for (<c>nr_extra_bufs</c>).</summary>
    public uint ExtraBuffers { get; init; }

    /// <summary>Flags ORed into the name's (e.g. <see cref="NetmapRegFlags.NoTxPoll"/>).</summary>
    public NetmapRegFlags Flags { get; init; }
}
