namespace Netmap.Sdk;

/// <summary>
/// Decides the fate of each packet a worker receives. Implement it on a struct: workers are generic over the
/// processor, so calls on a struct are direct (no interface dispatch) and inlinable. One instance per worker, used
/// by that worker's thread alone, so it may keep mutable state without locks.
/// </summary>
public interface IPacketProcessor
{
    /// <summary>Called once per batch before its packets, with how many slots are waiting (VPP-style amortising).</summary>
    void OnBatch(int slotsAvailable);

    /// <summary>The verdict for one packet. Called exactly once per packet, even if the packet has to wait for room.</summary>
    Verdict Process(in Packet packet);

    /// <summary>
    /// The verdict for one packet the kernel stack transmitted (host RX ring): <see cref="VerdictKind.Transmit"/>
    /// sends it to the wire, <see cref="VerdictKind.Drop"/> drops it; other verdicts are not allowed here and drop.
    /// Called exactly once per packet.
    /// </summary>
    Verdict ProcessFromHost(in Packet packet);
}

/// <summary>A processor that gives every packet the same verdict (a transparent pass-through, or a sink).</summary>
public readonly struct ConstantProcessor(Verdict verdict) : IPacketProcessor
{
    /// <inheritdoc />
    public void OnBatch(int slotsAvailable)
    {
    }

    /// <inheritdoc />
    public Verdict Process(in Packet packet) => verdict;

    /// <inheritdoc />
    public Verdict ProcessFromHost(in Packet packet) => Verdict.Transmit;
}
