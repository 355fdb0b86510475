using System;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>REGISTER replies and the netmap_if a pipe end gets (notes.md §1, §2, §7).</summary>
public sealed unsafe class RegistrationTests
{
    [Fact]
    public void Pipe_master_reply_reports_default_counts_and_a_private_region()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        NmReqRegister r = m.Reply;
        Assert.Equal(1, r.TxRings);
        Assert.Equal(1, r.RxRings);
        Assert.Equal(0, r.HostTxRings);
        Assert.Equal(0, r.HostRxRings);
        Assert.Equal(1024u, r.TxSlots);
        Assert.Equal(1024u, r.RxSlots);
        Assert.True(r.MemId > 1, "a pipe on a name that is not an interface gets its own region");
        Assert.True(r.MemSize > 0);
        Assert.True(r.Offset < r.MemSize);
        Assert.Equal(0u, r.ExtraBufs);
        Assert.Equal((uint)NetmapRegMode.AllNic, r.Mode);
    }

    [Fact]
    public void Both_ends_share_the_region_and_conf_counts_are_swapped_on_the_slave()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{2", (ref NmReqRegister q) =>
        {
            q.TxRings = 2;
            q.RxRings = 3;
            q.TxSlots = 64;
            q.RxSlots = 128;
        });
        using TestPort s = TestPort.Open(parent + "}2");
        Assert.Equal(m.Reply.MemId, s.Reply.MemId);
        Assert.Equal(m.Reply.MemSize, s.Reply.MemSize);
        Assert.Equal((2, 3, 64u, 128u), (m.Reply.TxRings, m.Reply.RxRings, m.Reply.TxSlots, m.Reply.RxSlots));
        Assert.Equal((3, 2, 128u, 64u), (s.Reply.TxRings, s.Reply.RxRings, s.Reply.TxSlots, s.Reply.RxSlots));
        Assert.NotEqual(m.Reply.Offset, s.Reply.Offset);
    }

    [Fact]
    public void Opening_the_slave_first_creates_both_ends_with_the_requested_counts_for_the_master()
    {
        string parent = TestPort.UniqueParent();
        using TestPort s = TestPort.Open(parent + "}x", (ref NmReqRegister q) => { q.TxRings = 2; q.RxRings = 1; });
        Assert.Equal((1, 2), (s.Reply.TxRings, s.Reply.RxRings));
        using TestPort m = TestPort.Open(parent + "{x");
        Assert.Equal((2, 1), (m.Reply.TxRings, m.Reply.RxRings));
    }

    [Fact]
    public void Netmap_if_has_name_counts_host_placeholders_and_ring_offsets()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        NetmapIf nifp = m.Nifp;
        Assert.Equal(parent + "{1", nifp.Name);
        Assert.Equal(1u, nifp.TxRings);
        Assert.Equal(1u, nifp.RxRings);
        Assert.Equal(1u, nifp.HostTxRings);
        Assert.Equal(1u, nifp.HostRxRings);
        Assert.Equal(0u, nifp.BufsHead);
        ReadOnlySpan<long> ofs = nifp.RingOffsets;
        Assert.Equal(4, ofs.Length);
        Assert.NotEqual(0, ofs[0]);
        Assert.Equal(0, ofs[1]);
        Assert.NotEqual(0, ofs[2]);
        Assert.Equal(0, ofs[3]);
        Assert.Equal(NetmapIfFlags.PrivateMemory, nifp.Flags & NetmapIfFlags.PrivateMemory);
    }

    [Fact]
    public void One_nic_binds_only_the_chosen_pair_and_leaves_other_offsets_zero()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) =>
        {
            q.Mode = (uint)NetmapRegMode.OneNic;
            q.RingId = 1;
            q.TxRings = 2;
            q.RxRings = 2;
        });
        NetmapIf nifp = m.Nifp;
        Assert.Equal(2, m.Reply.TxRings);
        Assert.False(nifp.HasTxRing(0));
        Assert.True(nifp.HasTxRing(1));
        Assert.False(nifp.HasRxRing(0));
        Assert.True(nifp.HasRxRing(1));
        Assert.Equal(1, m.Tx(1).RingId);
        Assert.Equal(1, m.Rx(1).RingId);
    }

    [Fact]
    public void One_nic_on_a_direction_with_fewer_rings_binds_its_ring_zero()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) =>
        {
            q.Mode = (uint)NetmapRegMode.OneNic;
            q.RingId = 1;
            q.TxRings = 2;
            q.RxRings = 1;
        });
        Assert.True(m.Nifp.HasTxRing(1));
        Assert.True(m.Nifp.HasRxRing(0));
    }

    [Fact]
    public void Tx_rings_only_and_rx_rings_only_leave_the_other_direction_unbound()
    {
        string parent = TestPort.UniqueParent();
        using TestPort t = TestPort.Open(parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.TxRingsOnly);
        Assert.True(t.Nifp.HasTxRing(0));
        Assert.False(t.Nifp.HasRxRing(0));
        using TestPort r = TestPort.Open(parent + "}1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.RxRingsOnly);
        Assert.False(r.Nifp.HasTxRing(0));
        Assert.True(r.Nifp.HasRxRing(0));
    }

    [Fact]
    public void Extra_buffers_form_a_list_from_ni_bufs_head_of_distinct_unused_indexes()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) =>
        {
            q.ExtraBufs = 4;
            q.TxSlots = 16;
            q.RxSlots = 16;
        });
        Assert.Equal(4u, m.Reply.ExtraBufs);
        NetmapRing tx = m.Tx();
        var seen = new System.Collections.Generic.HashSet<uint>();
        for (uint i = 0; i < tx.NumSlots; i++)
        {
            seen.Add(tx.Slot(i).BufIdx);
            seen.Add(m.Rx().Slot(i).BufIdx);
        }

        uint b = m.Nifp.BufsHead;
        int count = 0;
        while (b != 0)
        {
            Assert.True(b >= 2);
            Assert.True(seen.Add(b), $"extra buffer {b} is also in a ring or repeated");
            b = BitConverter.ToUInt32(tx.Buffer(b)[..4]);
            count++;
        }

        Assert.Equal(4, count);
    }

    [Fact]
    public void Null_port_needs_a_memory_id_and_then_gets_rings_in_that_region()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        int error = TestPort.TryOpen("n" + parent, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.Null, out TestPort? bad);
        Assert.Equal(Errno.EINVAL, error);
        Assert.Null(bad);
        ushort memId = m.Reply.MemId;
        using TestPort n = TestPort.Open("n" + parent, (ref NmReqRegister q) =>
        {
            q.Mode = (uint)NetmapRegMode.Null;
            q.MemId = memId;
            q.TxRings = 1;
            q.RxRings = 1;
            q.TxSlots = 8;
            q.RxSlots = 8;
        });
        Assert.Equal(memId, n.Reply.MemId);
        Assert.Equal("null:n" + parent[..9], n.Nifp.Name);
        Assert.Equal(8u, n.Tx().NumSlots);
        Assert.Equal(7u, n.Tx().Tail);
    }

    [Fact]
    public void Do_rx_poll_and_the_legacy_no_tx_poll_bit_are_accepted_without_effect()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.DoRxPoll | 0x1000);
        Assert.Equal((ulong)NetmapRegFlags.DoRxPoll | 0x1000, m.Reply.Flags);
        Assert.True(m.Nifp.HasTxRing(0));
        Assert.True(m.Nifp.HasRxRing(0));
    }
}
