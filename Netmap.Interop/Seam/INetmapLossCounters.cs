namespace Netmap.Interop;

/// <summary>
/// An optional capability of a <see cref="INetmapBackend"/>: it can tell how many frames were lost before its rings
/// (queue overflow, socket drops, the kernel's counters). Callers test for it with <c>backend is
/// INetmapLossCounters</c>, so nothing above the seam needs to know which netmap it runs on.
/// </summary>
public interface INetmapLossCounters
{
    /// <summary>
    /// Reads the cumulative losses of what <paramref name="handle"/> has bound. Cheap enough to call once per batch
    /// group (a few system calls, no allocation) but not per packet.
    /// </summary>
    /// <param name="handle">A registered handle of this backend.</param>
    /// <param name="losses">The counters on success; all zero otherwise.</param>
    /// <returns>
    /// True when the backend can see losses for this handle (a port that cannot lose frames reports true with
    /// zeros); false when the handle is unbound, closed, of another backend, or its kind of port has no counters.
    /// </returns>
    bool TryGetLosses(NetmapHandle handle, out NetmapLosses losses);
}
