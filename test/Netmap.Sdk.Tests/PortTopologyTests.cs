using System;
using Xunit;

namespace Netmap.Sdk.Tests;

public sealed class PortTopologyTests
{
    [Fact]
    public void A_two_ring_pipe_gets_one_handle_per_ring_pair()
    {
        string parent = PipePair.UniqueParent();
        using var master = NetmapPort.Open($"netmap:{parent}{{1@conf:rings=2");
        using var topology = PortTopology.Open($"netmap:{parent}}}1", hostRings: false);
        Assert.Equal(2, topology.Rings.Count);
        for (int i = 0; i < 2; i++)
        {
            WorkerRings r = topology.Rings[i];
            Assert.Equal(i, r.Ring);
            Assert.True(r.NicPort.IsRxBound(i) && r.NicPort.IsTxBound(i));
            Assert.False(r.NicPort.IsRxBound(1 - i));
            Assert.Null(r.HostPort);
        }

        // Each ring pair carries its own traffic: master TX i reaches slave RX i only.
        Assert.True(master.TxRing(1).TryTransmit(new byte[60]));
        master.TxSync();
        topology.Rings[1].NicPort.RxSync();
        topology.Rings[0].NicPort.RxSync();
        Assert.Equal(1u, topology.Rings[1].NicPort.RxRing(1).Available);
        Assert.Equal(0u, topology.Rings[0].NicPort.RxRing(0).Available);
    }

    [Fact]
    public void Names_that_already_select_rings_or_ask_host_rings_of_a_pipe_are_refused()
    {
        Assert.Throws<ArgumentException>(() => PortTopology.Open("netmap:x{1-0", hostRings: false));
        Assert.Throws<ArgumentException>(() => PortTopology.Open($"netmap:{PipePair.UniqueParent()}{{1", hostRings: true));
    }
}
