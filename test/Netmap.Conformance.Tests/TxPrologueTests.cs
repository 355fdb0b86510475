using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>nm_txsync_prologue, netmap_ring_reinit and what the peer sees (notes.md §4).</summary>
public sealed class TxPrologueTests
{
    private static (TestPort M, TestPort S) Pipe(uint slots = 8)
    {
        string parent = TestPort.UniqueParent();
        TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = slots; q.RxSlots = slots; });
        TestPort s = TestPort.Open(parent + "}1");
        return (m, s);
    }

    private static uint Received(TestPort s)
    {
        Assert.Equal(0, s.RxSync());
        NetmapRing rx = s.Rx();
        return RingMath.Space(rx.Head, rx.Tail, rx.NumSlots);
    }

    [Fact]
    public void Valid_head_sends_and_never_writes_head_or_cur()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            m.Put([1]);
            m.Put([2]);
            m.Tx().Cur = 5;
            Assert.Equal(0, m.TxSync());
            Assert.Equal((2u, 5u), (m.Tx().Head, m.Tx().Cur));
            Assert.Equal(7u, m.Tx().Tail);
            Assert.Equal(2u, Received(s));
        }
    }

    [Fact]
    public void Head_out_of_range_is_refused_with_zero_and_reset_to_hwcur_and_hwtail()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            m.Put([1]);
            Assert.Equal(0, m.TxSync());
            NetmapRing tx = m.Tx();
            tx.Head = 99;
            tx.Cur = 99;
            Assert.Equal(0, m.TxSync());
            Assert.Equal((1u, 1u, 7u), (tx.Head, tx.Cur, tx.Tail));
            Assert.Equal(1u, Received(s));
        }
    }

    [Fact]
    public void Cur_before_head_is_refused_without_sending_and_the_values_are_kept()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            m.Put([1]);
            m.Put([2]);
            m.Tx().Cur = 1;
            Assert.Equal(0, m.TxSync());
            Assert.Equal((2u, 1u), (m.Tx().Head, m.Tx().Cur));
            Assert.Equal(0u, Received(s));
            Assert.True((m.Poll(PollEvents.Out) & PollEvents.Err) != 0);
            m.Tx().Cur = 2;
            Assert.Equal(0, m.TxSync());
            Assert.Equal(2u, Received(s));
        }
    }

    [Fact]
    public void Head_past_tail_is_refused_once_then_adopted()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            for (int i = 0; i < 5; i++)
            {
                m.Put([(byte)i]);
            }

            Assert.Equal(0, m.TxSync());
            Assert.Equal(5u, Received(s));
            s.Take();
            s.Take();
            Assert.Equal(0, s.RxSync());
            Assert.Equal(0, m.TxSync());
            NetmapRing tx = m.Tx();
            Assert.Equal(1u, tx.Tail);

            // rhead = 5, rtail = 1: head 3 lies in (rtail, rhead).
            tx.Head = 3;
            tx.Cur = 3;
            Assert.True((m.Poll(PollEvents.Out) & PollEvents.Err) != 0);
            Assert.Equal((3u, 3u, 1u), (tx.Head, tx.Cur, tx.Tail));
            Assert.Equal(PollEvents.None, m.Poll(PollEvents.Out) & PollEvents.Err);
        }
    }

    [Fact]
    public void Wrap_around_sends_across_slot_zero()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            for (int i = 0; i < 6; i++)
            {
                m.Put([(byte)i]);
            }

            Assert.Equal(0, m.TxSync());
            Assert.Equal(6u, Received(s));
            for (int i = 0; i < 6; i++)
            {
                Assert.Equal(i, s.Take()[0]);
            }

            Assert.Equal(0, s.RxSync());
            Assert.Equal(0, m.TxSync());
            Assert.Equal(5u, m.Tx().Tail);
            for (int i = 6; i < 10; i++)
            {
                m.Put([(byte)i]);
            }

            Assert.Equal(2u, m.Tx().Head);
            Assert.Equal(0, m.TxSync());
            Assert.Equal(4u, Received(s));
            for (int i = 6; i < 10; i++)
            {
                Assert.Equal(i, s.Take()[0]);
            }
        }
    }

    [Fact]
    public void One_slot_always_stays_empty_so_a_full_ring_has_n_minus_1_slots()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            NetmapRing tx = m.Tx();
            Assert.Equal(7u, tx.Space);
            for (int i = 0; i < 7; i++)
            {
                m.Put([(byte)i]);
            }

            Assert.Equal(0, m.TxSync());
            Assert.Equal(0u, m.Tx().Space);
            Assert.Equal(7u, Received(s));
        }
    }

    [Fact]
    public void App_written_tail_is_restored_by_a_passing_sync_and_kept_by_a_refused_one()
    {
        (TestPort m, TestPort s) = Pipe();
        using (m)
        using (s)
        {
            NetmapRing tx = m.Tx();
            m.Put([1]);
            m.Put([2]);
            tx.Header.Tail = 3;
            tx.Cur = 1;
            Assert.Equal(0, m.TxSync());
            Assert.Equal(3u, tx.Tail);
            tx.Cur = 2;
            Assert.Equal(0, m.TxSync());
            Assert.Equal(7u, tx.Tail);
        }
    }
}
