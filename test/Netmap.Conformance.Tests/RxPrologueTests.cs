using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>nm_rxsync_prologue: refusals reinitialise the ring but the RX backend still runs (notes.md §4, §12).</summary>
public sealed class RxPrologueTests
{
    private static (TestPort M, TestPort S) PipeWith(int packets)
    {
        string parent = TestPort.UniqueParent();
        TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        TestPort s = TestPort.Open(parent + "}1");
        for (int i = 0; i < packets; i++)
        {
            m.Put([(byte)i]);
        }

        Assert.Equal(0, m.TxSync());
        return (m, s);
    }

    [Fact]
    public void Rx_sync_imports_published_slots_and_stamps_the_ring()
    {
        (TestPort m, TestPort s) = PipeWith(3);
        using (m)
        using (s)
        {
            Assert.Equal(0u, s.Rx().Tail);
            Assert.Equal(0, s.RxSync());
            Assert.Equal(3u, s.Rx().Tail);
            Assert.True(s.Rx().Header.TsSec > 0);
            Assert.Equal(new byte[] { 0 }, s.Take());
        }
    }

    [Fact]
    public void Head_out_of_range_resets_to_hwcur_and_still_imports()
    {
        (TestPort m, TestPort s) = PipeWith(3);
        using (m)
        using (s)
        {
            NetmapRing rx = s.Rx();
            rx.Head = 50;
            rx.Cur = 50;
            Assert.Equal(0, s.RxSync());
            Assert.Equal((0u, 0u, 3u), (rx.Head, rx.Cur, rx.Tail));
            Assert.True((s.Poll(PollEvents.In) & PollEvents.In) != 0);
        }
    }

    [Fact]
    public void Head_beyond_hwtail_is_refused_and_poll_reports_pollerr()
    {
        (TestPort m, TestPort s) = PipeWith(2);
        using (m)
        using (s)
        {
            Assert.Equal(0, s.RxSync());
            NetmapRing rx = s.Rx();
            rx.Head = 5;
            rx.Cur = 5;
            Assert.True((s.Poll(PollEvents.In) & PollEvents.Err) != 0);
        }
    }

    [Fact]
    public void Release_returns_slots_to_the_sender_at_its_next_tx_sync()
    {
        (TestPort m, TestPort s) = PipeWith(4);
        using (m)
        using (s)
        {
            Assert.Equal(0, s.RxSync());
            s.Take();
            s.Take();
            s.Take();
            Assert.Equal(0, s.RxSync());
            Assert.Equal(7u, m.Tx().Tail);
            Assert.Equal(0, m.TxSync());
            Assert.Equal(2u, m.Tx().Tail);
        }
    }

    [Fact]
    public void Cur_at_tail_is_valid_and_means_wake_me_when_tail_moves()
    {
        (TestPort m, TestPort s) = PipeWith(2);
        using (m)
        using (s)
        {
            Assert.Equal(0, s.RxSync());
            NetmapRing rx = s.Rx();
            rx.Cur = rx.Tail;
            Assert.Equal(PollEvents.None, s.Poll(PollEvents.In));
            Assert.Equal(0u, rx.Head);
            m.Put([9]);
            Assert.Equal(0, m.TxSync());
            Assert.Equal(PollEvents.In, s.Poll(PollEvents.In));
        }
    }
}
