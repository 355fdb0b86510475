namespace Netmap.Interop;

/// <summary>
/// Frames a netmap lost before they reached (or after they left) a handle's rings, as cumulative counts since the
/// handle's kernel-side objects were created. Each field is one named cause, never a sum of others, so a metric
/// can report them separately; a backend that cannot see a cause leaves it 0.
/// </summary>
public struct NetmapLosses
{
    /// <summary>
    /// Frames the backend had to drop because its receive queue towards the NIC RX rings was full (AF_XDP:
    /// <c>xdp_statistics.rx_ring_full</c>, the socket's RX ring had no room because the application did not sync).
    /// </summary>
    public long RxRingFull;

    /// <summary>
    /// Frames the backend dropped on the way to the NIC RX rings for any other reason (AF_XDP:
    /// <c>xdp_statistics.rx_dropped</c>, in copy mode mostly "no free receive buffer": every buffer is holding a
    /// frame the application has not synced yet).
    /// </summary>
    public long RxDropped;

    /// <summary>
    /// Frames from the NIC TX rings the backend refused to send (AF_XDP: <c>xdp_statistics.tx_invalid_descs</c>).
    /// </summary>
    public long TxDropped;

    /// <summary>
    /// Frames the host stack sent towards the host RX rings that were dropped because that path was full (user-space
    /// netmap: the TAP's <c>tx_dropped</c>).
    /// </summary>
    public long HostRxDropped;

    /// <summary>The sum of the receive-side causes (<see cref="RxRingFull"/> + <see cref="RxDropped"/>).</summary>
    public readonly long RxTotal => RxRingFull + RxDropped;
}
