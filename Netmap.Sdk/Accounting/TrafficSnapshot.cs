namespace Netmap.Sdk;

/// <summary>
/// Where every packet went. From the wire: <c>Received = Dropped + ToHost + Forwarded + Transmitted + Unsendable +
/// Queued</c>. From the kernel (host RX): <c>HostReceived = HostToWire + HostDropped + HostQueued</c>.
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
    /// <summary>Packets the kernel stack transmitted (host RX).</summary>
    public long HostReceived;
    /// <summary>Of those, sent to the wire.</summary>
    public long HostToWire;
    /// <summary>Of those, dropped (egress verdict, or unsendable on the wire).</summary>
    public long HostDropped;
    /// <summary>Of those, still waiting in the host RX ring for room on the NIC TX ring.</summary>
    public long HostQueued;

    /// <summary>True when both identities hold.</summary>
    public readonly bool IsBalanced =>
        Received == Dropped + ToHost + Forwarded + Transmitted + Unsendable + Queued &&
        HostReceived == HostToWire + HostDropped + HostQueued;
}
