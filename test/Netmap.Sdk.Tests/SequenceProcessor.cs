namespace Netmap.Sdk.Tests;

/// <summary>Drops every sequence number divisible by DropEvery, forwards the rest to target 0; counts its calls.</summary>
internal struct SequenceProcessor : IPacketProcessor
{
    public int DropEvery;
    public long Calls;
    public int Batches;

    public void OnBatch(int slotsAvailable) => Batches++;

    public Verdict Process(in Packet packet)
    {
        Calls++;
        uint sequence = SequenceFrames.Read(packet.Data);
        return DropEvery > 0 && sequence % DropEvery == 0 ? Verdict.Drop : Verdict.Forward(0);
    }

    public Verdict ProcessFromHost(in Packet packet) => Verdict.Transmit;
}
