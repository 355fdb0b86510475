namespace Netmap.Interop;

/// <summary>What to ask for when opening a port, beyond what its name says.</summary>
public sealed record NetmapOpenOptions
{
    /// <summary>The netmap to use; null takes <see cref="NetmapBackends.Default"/>.</summary>
    public INetmapBackend? Backend { get; init; }

    /// <summary>Extra buffers to ask for (<c>nr_extra_bufs</c>); the reply says how many were obtained.</summary>
    public uint ExtraBuffers { get; init; }

    /// <summary>Flags ORed into the name's flags (e.g. <see cref="NetmapRegFlags.NoTxPoll"/>).</summary>
    public NetmapRegFlags ExtraFlags { get; init; }
}
