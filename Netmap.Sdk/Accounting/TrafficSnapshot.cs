namespace Netmap.Sdk;

/// <summary>
/// Where every packet went. From the wire: <c>Received = Dropped + ToHost + Forwarded + Transmitted + Unsendable +
/// Queued</c>. From the kernel (host RX): <c>HostReceived = HostToWire + HostDropped + HostQueued</c>. The
/// <c>Lost*</c> fields are frames lost before the rings (never received, so outside both identities), sampled from
/// the netmap now and then when it can tell (<see cref="LossesKnown"/>).
/// </summary>
public struct TrafficSnapshot
{
    /// <summary>Packets from the wire that got a verdict.</summary>
    public long Received;
    /// <summary>Dropped by verdict.</summary>
    public long Dropped;
    /// <summary>Passed to the kernel stack (host TX ring).</summary>
    public long ToHost;
    /// <summary>Sent out of another port.</summary>
    public long Forwarded;
    /// <summary>Sent back out of the port they came in on.</summary>
    public long Transmitted;
    /// <summary>Multi-slot packets whose destination sends each slot as its own frame: released, not sent.</summary>
    public long Unsendable;
    /// <summary>Packets with a verdict still waiting in the RX ring for room at their destination.</summary>
    public long Queued;
    /// <summary>Of the forwarded, transmitted and to-host packets, those copied instead of swapped (different regions).</summary>
    public long Copied;
    /// <summary>Bytes of the received packets.</summary>
    public long ReceivedBytes;
    /// <summary>Packets other workers handed over (their Forwarded) that this worker put on its own TX rings.</summary>
    public long HandoffSent;
    /// <summary>
    /// Handed-over packets this worker could not send: its ring can never take them, or a stop ended while they still
    /// waited. With <see cref="HandoffSent"/> they add up to what the producers counted as forwarded through queues.
    /// </summary>
    public long HandoffDropped;
    /// <summary>Packets the kernel stack transmitted (host RX).</summary>
    public long HostReceived;
    /// <summary>Of those, sent to the wire.</summary>
    public long HostToWire;
    /// <summary>Of those, dropped (egress verdict, or unsendable on the wire).</summary>
    public long HostDropped;
    /// <summary>Of those, still waiting in the host RX ring for room on the NIC TX ring.</summary>
    public long HostQueued;

    /// <summary>True when the netmap reports losses for this worker's handles (the <c>Lost*</c> fields mean something).</summary>
    public bool LossesKnown;
    /// <summary>
    /// Frames for the NIC RX ring dropped because the netmap's queue in front of it was full (the ring was not
    /// synced fast enough); cumulative, from <see cref="Netmap.Interop.NetmapLosses.RxRingFull"/>.
    /// </summary>
    public long LostRxRingFull;
    /// <summary>Frames for the NIC RX ring the socket or driver dropped for other reasons (<see cref="Netmap.Interop.NetmapLosses.RxDropped"/>).</summary>
    public long LostRxDropped;
    /// <summary>Frames from the NIC TX ring the netmap refused to send (<see cref="Netmap.Interop.NetmapLosses.TxDropped"/>).</summary>
    public long LostTxDropped;
    /// <summary>
    /// Stack output for the host RX ring dropped because that path was full (<see cref="Netmap.Interop.NetmapLosses.HostRxDropped"/>).
    /// On the user-space netmap all host rings of an interface share one queue, so every worker with a host ring
    /// reports the interface's total.
    /// </summary>
    public long LostHostRx;

    /// <summary>True when both identities hold.</summary>
    public readonly bool IsBalanced =>
        Received == Dropped + ToHost + Forwarded + Transmitted + Unsendable + Queued &&
        HostReceived == HostToWire + HostDropped + HostQueued;
}
