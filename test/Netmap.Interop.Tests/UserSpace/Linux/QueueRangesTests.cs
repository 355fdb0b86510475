using Netmap.Interop.UserSpace.Linux;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// Which NIC queues and host RX rings a binding holds, from its kring ranges (krings: 3 NIC TX, 2 host TX, 4 NIC
/// RX, 2 host RX, starting at 10).
/// </summary>
public sealed class QueueRangesTests
{
    private const int Base = 10;
    private const uint Tx = 3, Rx = 4, Host = 2;
    private const int RxBase = Base + (int)(Tx + Host);

    [Theory]
    [InlineData("ALL_NIC", 0, 3, 0, 4, 0u, 4u, 0u, 3u, 0u, 0u)]
    [InlineData("NIC_SW", 0, 5, 0, 6, 0u, 4u, 0u, 3u, 0u, 2u)]
    [InlineData("SW", 3, 5, 4, 6, 0u, 0u, 0u, 0u, 0u, 2u)]
    [InlineData("ONE_SW 1", 4, 5, 5, 6, 0u, 0u, 0u, 0u, 1u, 2u)]
    [InlineData("ONE_NIC 3 (TX has 3 rings: ring 0)", 0, 1, 3, 4, 3u, 4u, 0u, 1u, 0u, 0u)]
    [InlineData("ONE_NIC 1, NR_TX_RINGS_ONLY", 1, 2, 1, 1, 0u, 0u, 1u, 2u, 0u, 0u)]
    [InlineData("ONE_NIC 1, NR_RX_RINGS_ONLY", 1, 1, 1, 2, 1u, 2u, 0u, 0u, 0u, 0u)]
    [InlineData("NIC_SW, NR_TX_RINGS_ONLY", 0, 5, 0, 0, 0u, 0u, 0u, 3u, 0u, 0u)]
    public void Krings_map_to_queues_and_host_rx_rings(string mode, int tx0, int tx1, int rx0, int rx1,
        uint rxq0, uint rxq1, uint txq0, uint txq1, uint h0, uint h1)
    {
        QueueRanges q = QueueRanges.Of(Base, Tx, Rx, Host, Base + tx0, Base + tx1, RxBase + rx0, RxBase + rx1);
        Assert.True(q == new QueueRanges(rxq0, rxq1, txq0, txq1, h0, h1), $"{mode}: {q}");
    }

    [Fact]
    public void Bindings_overlap_on_a_shared_queue_in_either_direction_or_a_shared_host_rx_ring_only()
    {
        var rxOnly0 = new QueueRanges(0, 1, 0, 0, 0, 0);
        var txOnly0 = new QueueRanges(0, 0, 0, 1, 0, 0);
        var queue1 = new QueueRanges(1, 2, 1, 2, 0, 0);
        var host0 = new QueueRanges(0, 0, 0, 0, 0, 1);
        var host1 = new QueueRanges(0, 0, 0, 0, 1, 2);
        Assert.True(rxOnly0.Overlaps(txOnly0, 4, 2));
        Assert.False(rxOnly0.Overlaps(queue1, 4, 2));
        Assert.False(host0.Overlaps(host1, 4, 2));
        Assert.True(host0.Overlaps(host0, 4, 2));
        Assert.False(host0.Overlaps(rxOnly0, 4, 2));
    }
}
