using System.Collections.Generic;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>Ring headers and buffers of a newly created pipe (notes.md §1).</summary>
public sealed unsafe class RingLayoutTests
{
    [Fact]
    public void New_tx_ring_is_dir_1_with_tail_n_minus_1_and_rx_ring_dir_0_with_tail_0()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 32; q.RxSlots = 64; });
        NetmapRing tx = m.Tx();
        NetmapRing rx = m.Rx();
        Assert.Equal(1, tx.Header.Dir);
        Assert.Equal(0, rx.Header.Dir);
        Assert.Equal(32u, tx.NumSlots);
        Assert.Equal(64u, rx.NumSlots);
        Assert.Equal((0u, 0u, 31u), (tx.Head, tx.Cur, tx.Tail));
        Assert.Equal((0u, 0u, 0u), (rx.Head, rx.Cur, rx.Tail));
        Assert.Equal(2048u, tx.BufferSize);
        Assert.Equal(0, tx.RingId);
        Assert.Equal(0, rx.RingId);
    }

    [Fact]
    public void Buf_ofs_of_every_ring_points_at_one_buffer_pool()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        NetmapRing tx = m.Tx();
        NetmapRing rx = m.Rx();
        long poolFromTx = tx.Address + tx.Header.BufOfs;
        long poolFromRx = rx.Address + rx.Header.BufOfs;
        Assert.Equal(poolFromTx, poolFromRx);
        Assert.True(poolFromTx > (long)m.Mapping.Address);
        Assert.True(poolFromTx < (long)m.Mapping.Address + (long)m.Reply.MemSize);
    }

    [Fact]
    public void Every_slot_owns_its_own_buffer_with_len_buf_size_and_rx_rings_take_buffers_first()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 16; q.RxSlots = 16; });
        var seen = new HashSet<uint>();
        NetmapRing rx = m.Rx();
        NetmapRing tx = m.Tx();
        for (uint i = 0; i < 16; i++)
        {
            Assert.Equal(i + 2, rx.Slot(i).BufIdx);
            Assert.True(seen.Add(rx.Slot(i).BufIdx));
            Assert.True(seen.Add(tx.Slot(i).BufIdx));
            Assert.Equal(2048, tx.Slot(i).Len);
            Assert.Equal(0, tx.Slot(i).Flags);
        }

        Assert.DoesNotContain(0u, seen);
        Assert.DoesNotContain(1u, seen);
    }

    [Fact]
    public void Peer_ring_starts_with_a_copy_of_the_sender_slots()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; });
        using TestPort s = TestPort.Open(parent + "}1");
        for (uint i = 0; i < 8; i++)
        {
            Assert.Equal(m.Tx().Slot(i).BufIdx, s.Rx().Slot(i).BufIdx);
            Assert.Equal(m.Rx().Slot(i).BufIdx, s.Tx().Slot(i).BufIdx);
        }
    }
}
