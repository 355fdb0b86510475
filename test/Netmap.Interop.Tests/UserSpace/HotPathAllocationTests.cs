using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>txsync, rxsync and poll on a bound pipe allocate nothing on the managed heap.</summary>
public sealed class HotPathAllocationTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public HotPathAllocationTests(RendezvousDirectory dir) => _dir = dir;

    [Fact]
    public void Sync_and_poll_allocate_nothing()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 64; q.RxSlots = 64; });
        using UsPort s = UsPort.Open(_dir.Backend, parent + "}1");
        RoundTrips(m, s, 200);
        long before = GC.GetAllocatedBytesForCurrentThread();
        RoundTrips(m, s, 2000);
        long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
        Assert.Equal(0, allocated);
    }

    private static void RoundTrips(UsPort m, UsPort s, int count)
    {
        NetmapRing tx = m.Tx();
        NetmapRing rx = s.Rx();
        Span<NetmapPollFd> fds = [new NetmapPollFd(s.Handle, PollEvents.In), new NetmapPollFd(m.Handle, PollEvents.Out)];
        for (int i = 0; i < count; i++)
        {
            Packet.Write(tx, i);
            m.TxSync();
            s.Backend.Poll(fds, 0, out _);
            if (Packet.Read(rx) != i)
            {
                throw new InvalidOperationException($"packet {i} lost");
            }

            s.RxSync();
        }
    }
}
