using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// The part-1 conformance suite (test/Netmap.Conformance.Tests) on interface ports: the same rules, checked on
/// <c>netmap:a0</c> of a <see cref="VethLab"/> with a kernel peer on <c>b0</c> in place of the other pipe end.
/// Differences that follow from the port kind are noted per test: the region is the global one (memory id 1, no
/// NI_PRIV_MEM); the slot count comes from the interface (1024 on veth); frames are copied, so a sent slot is free at
/// once and TX tail is <c>head - 1</c> after every sync (the pipe case "head past tail" cannot arise).
/// Here rather than in the conformance project because they need root, namespaces and a veth pair.
/// </summary>
public sealed unsafe class InterfacePortConformanceTests
{
    private const ushort Port = 4433;

    // ---- registration reply and netmap_if (RegistrationTests) -------------------------------------------------

    [Fact]
    public void All_nic_reply_reports_the_interface_counts_in_the_global_region_and_binds_only_nic_rings()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            NmReqRegister r = p.Reply;
            Assert.Equal((1, 1, 1, 1), (r.TxRings, r.RxRings, r.HostTxRings, r.HostRxRings));
            Assert.Equal((1024u, 1024u), (r.TxSlots, r.RxSlots));
            Assert.Equal(1, r.MemId);
            Assert.True(r.MemSize > 0);
            Assert.True(r.Offset < r.MemSize);
            Assert.Equal(0u, r.ExtraBufs);
            Assert.Equal((uint)NetmapRegMode.AllNic, r.Mode);

            NetmapIf nifp = p.Nifp;
            Assert.Equal("a0", nifp.Name);
            Assert.Equal((1u, 1u, 1u, 1u), (nifp.TxRings, nifp.RxRings, nifp.HostTxRings, nifp.HostRxRings));
            Assert.Equal(0u, nifp.BufsHead);
            ReadOnlySpan<long> ofs = nifp.RingOffsets;
            Assert.Equal(4, ofs.Length);
            Assert.NotEqual(0, ofs[0]);
            Assert.Equal(0, ofs[1]);
            Assert.NotEqual(0, ofs[2]);
            Assert.Equal(0, ofs[3]);
            Assert.Equal((NetmapIfFlags)0, nifp.Flags & NetmapIfFlags.PrivateMemory);
        });
    }

    [Fact]
    public void Nic_sw_binds_host_rings_too_and_sw_binds_only_them()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using (UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.NicSw))
            {
                Assert.True(p.Nifp.HasTxRing(0) && p.Nifp.HasTxRing(1) && p.Nifp.HasRxRing(0) && p.Nifp.HasRxRing(1));
                Assert.Equal((uint)NetmapRegMode.NicSw, p.Reply.Mode);
            }

            using (UsPort s = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.Sw))
            {
                Assert.False(s.Nifp.HasTxRing(0) || s.Nifp.HasRxRing(0));
                Assert.True(s.Nifp.HasTxRing(1) && s.Nifp.HasRxRing(1));
                Assert.Equal((1, 1), (s.Tx(1).RingId, s.Rx(1).RingId));
            }
        });
    }

    [Fact]
    public void One_nic_binds_only_the_chosen_queue_pair_and_leaves_other_offsets_zero()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.OneNic; q.RingId = 1; });
            NetmapIf nifp = p.Nifp;
            Assert.Equal(2, p.Reply.TxRings);
            Assert.False(nifp.HasTxRing(0));
            Assert.True(nifp.HasTxRing(1));
            Assert.False(nifp.HasTxRing(2));
            Assert.False(nifp.HasRxRing(0));
            Assert.True(nifp.HasRxRing(1));
            Assert.False(nifp.HasRxRing(2));
            Assert.Equal((1, 1), (p.Tx(1).RingId, p.Rx(1).RingId));
        });
    }

    [Fact]
    public void One_nic_ringid_beyond_the_queues_is_einval()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        int error = Namespaces.Run(lab.NsA, () =>
            UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.OneNic; q.RingId = 1; }, out _));
        Assert.Equal(Errno.EINVAL, error);
    }

    [Fact]
    public void Tx_rings_only_and_rx_rings_only_leave_the_other_direction_unbound()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using (UsPort t = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.TxRingsOnly))
            {
                Assert.True(t.Nifp.HasTxRing(0));
                Assert.False(t.Nifp.HasRxRing(0));
            }

            using UsPort r = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.RxRingsOnly);
            Assert.False(r.Nifp.HasTxRing(0));
            Assert.True(r.Nifp.HasRxRing(0));
        });
    }

    [Fact]
    public void Extra_buffers_form_a_list_from_ni_bufs_head_of_distinct_unused_indexes()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.NicSw; q.ExtraBufs = 4; });
            Assert.Equal(4u, p.Reply.ExtraBufs);
            var seen = new HashSet<uint>();
            for (int k = 0; k < 4; k++)
            {
                NetmapRing ring = k < 2 ? p.Tx((uint)k) : p.Rx((uint)k - 2);
                for (uint i = 0; i < ring.NumSlots; i++)
                {
                    Assert.True(seen.Add(ring.Slot(i).BufIdx), $"buffer {ring.Slot(i).BufIdx} is in two slots");
                }
            }

            uint b = p.Nifp.BufsHead;
            int count = 0;
            while (b != 0)
            {
                Assert.True(b >= 2);
                Assert.True(seen.Add(b), $"extra buffer {b} is also in a ring or repeated");
                b = BitConverter.ToUInt32(p.Tx().Buffer(b)[..4]);
                count++;
            }

            Assert.Equal(4, count);
        });
    }

    [Fact]
    public void Do_rx_poll_and_the_legacy_no_tx_poll_bit_are_accepted_without_effect()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.DoRxPoll | 0x1000);
            Assert.Equal((ulong)NetmapRegFlags.DoRxPoll | 0x1000, p.Reply.Flags);
            Assert.True(p.Nifp.HasTxRing(0));
            Assert.True(p.Nifp.HasRxRing(0));
        });
    }

    // ---- ring layout (RingLayoutTests) --------------------------------------------------------------------------

    [Fact]
    public void Rings_have_dir_tails_buffer_size_one_buffer_pool_and_a_buffer_of_their_own_per_slot()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.NicSw);
            long pool = 0;
            var seen = new HashSet<uint>();
            for (int k = 0; k < 4; k++)
            {
                bool tx = k < 2;
                NetmapRing ring = tx ? p.Tx((uint)k) : p.Rx((uint)k - 2);
                Assert.Equal(tx ? 1 : 0, ring.Header.Dir);
                Assert.Equal(1024u, ring.NumSlots);
                Assert.Equal(tx ? (0u, 0u, 1023u) : (0u, 0u, 0u), (ring.Head, ring.Cur, ring.Tail));
                Assert.Equal(2048u, ring.BufferSize);
                long ringPool = ring.Address + ring.Header.BufOfs;
                Assert.True(pool == 0 || pool == ringPool, "every ring's buf_ofs points at the same pool");
                pool = ringPool;
                for (uint i = 0; i < ring.NumSlots; i++)
                {
                    Assert.True(seen.Add(ring.Slot(i).BufIdx));
                    if (tx)
                    {
                        Assert.Equal(2048, ring.Slot(i).Len);
                        Assert.Equal(0, ring.Slot(i).Flags);
                    }
                }
            }

            Assert.True(pool > (long)p.Mapping.Address && pool < (long)p.Mapping.Address + (long)p.Reply.MemSize);
            Assert.DoesNotContain(0u, seen);
            Assert.DoesNotContain(1u, seen);
        });
    }

    // ---- TX prologue (TxPrologueTests) --------------------------------------------------------------------------

    [Fact]
    public void Tx_valid_head_sends_and_never_writes_head_or_cur()
    {
        Tx((lab, p, peer) =>
        {
            Put(p, lab, 1);
            Put(p, lab, 2);
            p.Tx().Cur = 5;
            Assert.Equal(0, p.TxSync());
            Assert.Equal((2u, 5u), (p.Tx().Head, p.Tx().Cur));
            Assert.Equal(1u, p.Tx().Tail);
            Assert.Equal(new[] { 1, 2 }, Received(peer));
        });
    }

    [Fact]
    public void Tx_head_out_of_range_is_refused_with_zero_and_reset_to_hwcur_and_hwtail()
    {
        Tx((lab, p, peer) =>
        {
            Put(p, lab, 1);
            Assert.Equal(0, p.TxSync());
            NetmapRing tx = p.Tx();
            tx.Head = tx.Cur = 5000;
            Assert.Equal(0, p.TxSync());
            Assert.Equal((1u, 1u, 0u), (tx.Head, tx.Cur, tx.Tail));
            Assert.Equal(new[] { 1 }, Received(peer));
        });
    }

    [Fact]
    public void Tx_cur_before_head_is_refused_without_sending_polls_pollerr_and_the_values_are_kept()
    {
        Tx((lab, p, peer) =>
        {
            Put(p, lab, 1);
            Put(p, lab, 2);
            p.Tx().Cur = 1;
            Assert.Equal(0, p.TxSync());
            Assert.Equal((2u, 1u), (p.Tx().Head, p.Tx().Cur));
            Assert.Empty(Received(peer));
            Assert.True((p.Poll(PollEvents.Out) & PollEvents.Err) != 0);
            p.Tx().Cur = 2;
            Assert.Equal(0, p.TxSync());
            Assert.Equal(new[] { 1, 2 }, Received(peer));
        });
    }

    [Fact]
    public void Tx_app_written_tail_is_restored_by_a_passing_sync_and_kept_by_a_refused_one()
    {
        Tx((lab, p, peer) =>
        {
            NetmapRing tx = p.Tx();
            Put(p, lab, 1);
            Put(p, lab, 2);
            tx.Header.Tail = 3;
            tx.Cur = 1;
            Assert.Equal(0, p.TxSync());
            Assert.Equal(3u, tx.Tail);
            tx.Cur = 2;
            Assert.Equal(0, p.TxSync());
            Assert.Equal(1u, tx.Tail);
            Assert.Equal(new[] { 1, 2 }, Received(peer));
        });
    }

    [Fact]
    public void Tx_one_slot_always_stays_empty_and_wrap_around_sends_across_slot_zero()
    {
        Tx((lab, p, peer) =>
        {
            NetmapRing tx = p.Tx();
            Assert.Equal(1023u, tx.Space);

            // Fill 1023 slots (b0 drops these at L2: another destination MAC), in two syncs, then send 8 counted
            // frames in slots 1023, 0, 1 … 6.
            byte[] filler = Frames.Udp(lab.MacA, "02:00:00:00:00:99", VethLab.AddrA, VethLab.AddrB, Port, new byte[18]);
            for (int i = 0; i < 1023; i++)
            {
                PutFrame(tx, filler);
                if (i == 500)
                {
                    Assert.Equal(0, p.TxSync());
                }
            }

            Assert.True(SyncTxUntilDone(p), $"tail {tx.Tail}"); // at most 512 frames are in flight per socket
            Assert.Equal((1023u, 1022u), (tx.Head, tx.Tail));
            for (int seq = 10; seq < 18; seq++)
            {
                Put(p, lab, seq);
            }

            Assert.Equal(7u, tx.Head);
            Assert.True(SyncTxUntilDone(p));
            Assert.Equal(6u, tx.Tail);
            Assert.Equal(new[] { 10, 11, 12, 13, 14, 15, 16, 17 }, Received(peer));
        });
    }

    [Fact]
    public void Host_tx_cur_before_head_is_refused_without_injecting_polls_pollerr_and_passes_once_fixed()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        List<int> got = Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient(new IPEndPoint(IPAddress.Any, Port));
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            NetmapRing tx = p.Tx(p.Reply.TxRings);
            for (int seq = 1; seq <= 2; seq++)
            {
                PutFrame(tx, Frames.Udp(lab.MacB, lab.MacA, VethLab.AddrB, VethLab.AddrA, Port, Frames.Payload(seq, 32)));
            }

            tx.Cur = 1;
            Assert.Equal(0, p.TxSync());
            Assert.Equal((2u, 1u), (tx.Head, tx.Cur));
            Assert.Empty(Drain(stack));
            Assert.True((p.Poll(PollEvents.Out) & PollEvents.Err) != 0);
            tx.Cur = 2;
            Assert.Equal(0, p.TxSync());
            Assert.Equal(1u, tx.Tail);
            return Drain(stack);
        });
        Assert.Equal(new[] { 1, 2 }, got);
    }

    // ---- RX prologue (RxPrologueTests) --------------------------------------------------------------------------

    [Fact]
    public void Rx_sync_imports_arrived_frames_and_stamps_the_ring()
    {
        Rx((lab, p, send) =>
        {
            NetmapRing rx = p.Rx();
            Assert.Equal(0u, rx.Tail);
            send(0, 3);
            Assert.True(SyncUntil(p, 0, 3), $"tail {rx.Tail}, expected 3");
            Assert.True(rx.Header.TsSec > 0);
            Assert.Equal(0, Seq(rx, 0));
            Assert.Equal(2, Seq(rx, 2));
        });
    }

    [Fact]
    public void Rx_head_out_of_range_resets_to_hwcur_and_still_imports()
    {
        Rx((lab, p, send) =>
        {
            NetmapRing rx = p.Rx();
            send(0, 3);
            Assert.True(SyncUntil(p, 0, 3));
            send(3, 2);
            var sw = Stopwatch.StartNew();
            do
            {
                rx.Head = rx.Cur = 5000;
                Assert.Equal(0, p.RxSync());
                Assert.Equal((0u, 0u), (rx.Head, rx.Cur));
            }
            while (rx.Tail != 5 && sw.ElapsedMilliseconds < 3000 && Sleep());

            Assert.Equal(5u, rx.Tail);
            Assert.True((p.Poll(PollEvents.In) & PollEvents.In) != 0);
        });
    }

    [Fact]
    public void Rx_head_beyond_hwtail_is_refused_and_poll_reports_pollerr()
    {
        Rx((lab, p, send) =>
        {
            NetmapRing rx = p.Rx();
            send(0, 2);
            Assert.True(SyncUntil(p, 0, 2));
            rx.Head = rx.Cur = 5;
            Assert.True((p.Poll(PollEvents.In) & PollEvents.Err) != 0);

            // netmap_ring_reinit adopts misordered values that are in range; only out-of-range ones are reset.
            Assert.Equal((5u, 5u), (rx.Head, rx.Cur));
        });
    }

    [Fact]
    public void Rx_released_slots_leave_the_ring_and_later_frames_follow_in_order()
    {
        Rx((lab, p, send) =>
        {
            NetmapRing rx = p.Rx();
            send(0, 4);
            Assert.True(SyncUntil(p, 0, 4));
            rx.Head = rx.Cur = 3;
            Assert.Equal(0, p.RxSync());
            send(4, 2);
            Assert.True(SyncUntil(p, 0, 6));
            Assert.Equal(3, Seq(rx, 3));
            Assert.Equal(5, Seq(rx, 5));
        });
    }

    [Fact]
    public void Rx_cur_at_tail_is_valid_and_means_wake_me_when_tail_moves()
    {
        Rx((lab, p, send) =>
        {
            NetmapRing rx = p.Rx();
            send(0, 2);
            Assert.True(SyncUntil(p, 0, 2));
            rx.Cur = rx.Tail;
            Assert.Equal(PollEvents.None, p.Poll(PollEvents.In));
            Assert.Equal(0u, rx.Head);
            send(2, 1);
            Assert.Equal(PollEvents.In, p.Poll(PollEvents.In, 5000));
            Assert.Equal(3u, rx.Tail);
        });
    }

    // ---- poll (PollTests) ---------------------------------------------------------------------------------------

    [Fact]
    public void Poll_flushes_pending_tx_and_reports_pollout_while_space_is_left()
    {
        Tx((lab, p, peer) =>
        {
            Put(p, lab, 7);
            Assert.Equal(PollEvents.Out, p.Poll(PollEvents.Out));
            Assert.Equal(new[] { 7 }, Received(peer));
        });
    }

    [Fact]
    public void Poll_without_pollout_still_flushes_tx_unless_no_tx_poll()
    {
        Tx((lab, p, peer) =>
        {
            Put(p, lab, 1);
            Assert.Equal(PollEvents.None, p.Poll(PollEvents.In));
            Assert.Equal(new[] { 1 }, Received(peer));
        });
        Tx(
            (lab, p, peer) =>
            {
                Put(p, lab, 2);
                Assert.Equal(PollEvents.None, p.Poll(PollEvents.In));
                Assert.Empty(Received(peer));
                Assert.Equal(PollEvents.Out, p.Poll(PollEvents.Out));
                Assert.Equal(new[] { 2 }, Received(peer));
            },
            NetmapRegFlags.NoTxPoll);
    }

    [Fact]
    public void Poll_timeout_returns_zero_ready_when_nothing_arrives()
    {
        Rx((lab, p, send) =>
        {
            Span<NetmapPollFd> fds = [new NetmapPollFd(p.Handle, PollEvents.In)];
            var sw = Stopwatch.StartNew();
            Assert.Equal(0, p.Backend.Poll(fds, 100, out int ready));
            Assert.Equal(0, ready);
            Assert.Equal(PollEvents.None, fds[0].Revents);
            Assert.True(sw.ElapsedMilliseconds >= 90, $"poll returned after {sw.ElapsedMilliseconds} ms");
        });
    }

    [Fact]
    public void Blocked_poll_wakes_when_the_peer_sends()
    {
        Rx((lab, p, send) =>
        {
            PollEvents result = PollEvents.None;
            var waiter = new Thread(() => result = p.Poll(PollEvents.In, 10_000));
            var sw = Stopwatch.StartNew();
            waiter.Start();
            Thread.Sleep(100);
            send(42, 1);
            Assert.True(waiter.Join(5_000), "poll did not wake up");
            Assert.Equal(PollEvents.In, result);
            Assert.True(sw.ElapsedMilliseconds < 2000, $"woke after {sw.ElapsedMilliseconds} ms");
            Assert.Equal(42, Seq(p.Rx(), 0));
        });
    }

    // ---- several handles in one poll (PollTests.Several_handles_in_one_call_report_each_its_own_readiness) -----
    // The pipe suite runs these on the two ends of one pipe; here the handles are NIC and host rings of a0, queues of
    // a two-queue a0, or an a0 handle next to a pipe of a private parent, with b0 or a0's stack producing the frames.

    [Fact]
    public void Several_handles_nic_and_host_in_one_call_report_pollin_only_where_a_frame_arrived()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient sender = Namespaces.Run(lab.NsB, () => new UdpClient());
        Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient();

            // netmap:a0 binds the NIC TX ring, so a0's stack output goes to the host RX ring of netmap:a0^ (§6).
            using UsPort nic = UsPort.Open(rv.Backend, VethLab.A);
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            NetmapRing rx = nic.Rx();
            NetmapRing hrx = host.Rx(host.Reply.RxRings);
            Span<NetmapPollFd> fds = [new NetmapPollFd(nic.Handle, PollEvents.In), new NetmapPollFd(host.Handle, PollEvents.In)];

            // A frame from b0: only the NIC handle is readable.
            SendTo(sender, VethLab.AddrA, 1, 1);
            Assert.Equal(0, rv.Backend.Poll(fds, 3000, out int ready));
            Assert.Equal((1, PollEvents.In, PollEvents.None), (ready, fds[0].Revents, fds[1].Revents));
            Assert.Equal((1u, 0u), (rx.Tail, hrx.Tail));
            Assert.Equal(1, Seq(rx, 0));
            rx.Head = rx.Cur = rx.Tail;

            // A datagram from a0's stack: only the host handle is readable (the NIC RX release is not readiness).
            SendTo(stack, VethLab.AddrB, 2, 1);
            Assert.Equal(0, rv.Backend.Poll(fds, 3000, out ready));
            Assert.Equal((1, PollEvents.None, PollEvents.In), (ready, fds[0].Revents, fds[1].Revents));
            Assert.Equal(1u, hrx.Tail);
            Assert.Equal(2, Seq(hrx, 0));
            hrx.Head = hrx.Cur = hrx.Tail;

            // Both: ready counts two handles.
            SendTo(sender, VethLab.AddrA, 3, 1);
            SendTo(stack, VethLab.AddrB, 4, 1);
            var sw = Stopwatch.StartNew();
            do
            {
                Assert.Equal(0, rv.Backend.Poll(fds, 0, out ready));
            }
            while (ready < 2 && sw.ElapsedMilliseconds < 3000 && Sleep());

            Assert.Equal((2, PollEvents.In, PollEvents.In), (ready, fds[0].Revents, fds[1].Revents));
            Assert.Equal((3, 4), (Seq(rx, 1), Seq(hrx, 1)));
        });
    }

    [Fact]
    public void Several_handles_two_queues_of_one_interface_report_pollin_only_on_the_queue_that_got_the_frame()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        var seen = new int[2];
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort q0 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 0; });
            using UsPort q1 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 1; });

            // Each datagram comes from another source port, so b0 hashes the flows over both of its TX queues, which
            // are a0's RX queues; one frame per poll, so exactly one handle is readable each time.
            for (int i = 0; i < 64 && (seen[0] == 0 || seen[1] == 0); i++)
            {
                Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, Port + 100 + i));
                    udp.Send(Frames.Payload(i, 32), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port));
                });
                Span<NetmapPollFd> fds = [new NetmapPollFd(q0.Handle, PollEvents.In), new NetmapPollFd(q1.Handle, PollEvents.In)];
                Assert.Equal(0, rv.Backend.Poll(fds, 3000, out int ready));
                Assert.True(ready == 1, $"flow {i}: ready {ready}, revents {fds[0].Revents}/{fds[1].Revents}");
                int q = fds[0].Revents == PollEvents.In ? 0 : 1;
                Assert.Equal(PollEvents.In, fds[q].Revents);
                Assert.Equal(PollEvents.None, fds[1 - q].Revents);
                NetmapRing got = q == 0 ? q0.Rx(0) : q1.Rx(1);
                NetmapRing idle = q == 0 ? q1.Rx(1) : q0.Rx(0);
                Assert.True(got.Tail != got.Head, $"flow {i}: queue {q} reported POLLIN with an empty ring");
                Assert.Equal(idle.Head, idle.Tail);
                Assert.Equal(i, Seq(got, got.Head));
                got.Head = got.Cur = got.Tail;
                seen[q]++;
            }
        });
        Assert.True(seen[0] > 0 && seen[1] > 0, $"both queues carried a flow: {seen[0]} / {seen[1]}");
    }

    [Fact]
    public void Several_handles_pollout_on_a_tx_handle_together_with_pollin_on_an_idle_rx_handle()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort tx = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.TxRingsOnly);
            using UsPort rx = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.RxRingsOnly);

            // The pending frame is flushed by the same poll; POLLOUT on the TX handle, nothing on the idle RX one.
            Put(tx, lab, 5);
            Span<NetmapPollFd> fds = [new NetmapPollFd(tx.Handle, PollEvents.Out), new NetmapPollFd(rx.Handle, PollEvents.In)];
            Assert.Equal(0, rv.Backend.Poll(fds, 1000, out int ready));
            Assert.Equal((1, PollEvents.Out, PollEvents.None), (ready, fds[0].Revents, fds[1].Revents));
            Assert.Equal(new[] { 5 }, Received(peer));
            Assert.Equal(0u, rx.Rx().Tail);

            // Same order as the pipe case: an idle handle asked for POLLIN next to one asked for POLLIN|POLLOUT that
            // has a frame on its RX ring.
            using UsPort both = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.Sw);
            fds = [new NetmapPollFd(both.Handle, PollEvents.In), new NetmapPollFd(rx.Handle, PollEvents.In | PollEvents.Out)];
            Assert.Equal(0, rv.Backend.Poll(fds, 0, out ready));
            Assert.Equal((0, PollEvents.None, PollEvents.None), (ready, fds[0].Revents, fds[1].Revents));
            using UdpClient sender = Namespaces.Run(lab.NsB, () => new UdpClient());
            SendTo(sender, VethLab.AddrA, 6, 1);
            Assert.Equal(0, rv.Backend.Poll(fds, 3000, out ready));
            Assert.Equal((1, PollEvents.None, PollEvents.In), (ready, fds[0].Revents, fds[1].Revents));
            Assert.Equal(6, Seq(rx.Rx(), 0));

            // A handle with both directions bound (netmap:a0^ has host TX and RX rings) and a frame-less RX ring:
            // POLLIN|POLLOUT asked, only POLLOUT ready; next to it the RX handle, still readable.
            fds = [new NetmapPollFd(both.Handle, PollEvents.In | PollEvents.Out), new NetmapPollFd(rx.Handle, PollEvents.In)];
            Assert.Equal(0, rv.Backend.Poll(fds, 0, out ready));
            Assert.Equal((2, PollEvents.Out, PollEvents.In), (ready, fds[0].Revents, fds[1].Revents));
        });
    }

    [Fact]
    public void Several_handles_timeout_returns_zero_ready_after_the_timeout_when_nothing_arrives()
    {
        WithNicAndPipe(true, (lab, rv, sender, nic, m, s) =>
        {
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            foreach (int timeout in new[] { 100, 700 })
            {
                Span<NetmapPollFd> fds =
                [
                    new NetmapPollFd(nic.Handle, PollEvents.In),
                    new NetmapPollFd(host.Handle, PollEvents.In),
                    new NetmapPollFd(s.Handle, PollEvents.In),
                ];
                var sw = Stopwatch.StartNew();
                Assert.Equal(0, rv.Backend.Poll(fds, timeout, out int ready));
                long took = sw.ElapsedMilliseconds;
                Assert.Equal(0, ready);
                Assert.Equal((PollEvents.None, PollEvents.None, PollEvents.None), (fds[0].Revents, fds[1].Revents, fds[2].Revents));
                Assert.True(took >= timeout - 10 && took < timeout + 1000, $"timeout {timeout} ms: poll returned after {took} ms");
            }
        });
    }

    [Fact]
    public void Several_handles_an_interface_handle_and_a_pipe_handle_in_one_call_each_report_their_own_readiness()
    {
        WithNicAndPipe(true, (lab, rv, sender, nic, m, s) =>
        {
            NetmapRing rx = nic.Rx();
            NetmapRing srx = s.Rx();

            // A slot from the pipe master: only the slave is readable; the master, asked for POLLIN|POLLOUT, has
            // TX space; the idle interface handle reports nothing.
            PutPipe(m, 1);
            Assert.Equal(0, m.TxSync());
            Span<NetmapPollFd> fds =
            [
                new NetmapPollFd(nic.Handle, PollEvents.In),
                new NetmapPollFd(s.Handle, PollEvents.In),
                new NetmapPollFd(m.Handle, PollEvents.In | PollEvents.Out),
            ];
            Assert.Equal(0, rv.Backend.Poll(fds, 1000, out int ready));
            Assert.Equal((2, PollEvents.None, PollEvents.In, PollEvents.Out), (ready, fds[0].Revents, fds[1].Revents, fds[2].Revents));
            Assert.Equal(1u, srx.Tail);
            srx.Head = srx.Cur = srx.Tail;

            // A poll blocked on both wakes for the interface (b0 sends) and reports only it.
            (int Ready, PollEvents Nic, PollEvents Pipe, long Ms) r = BlockedPoll(rv.Backend, nic, s, () => SendTo(sender, VethLab.AddrA, 7, 1));
            Assert.Equal((1, PollEvents.In, PollEvents.None), (r.Ready, r.Nic, r.Pipe));
            Assert.True(r.Ms < 2000, $"woke after {r.Ms} ms");
            Assert.Equal(7, Seq(rx, 0));
            rx.Head = rx.Cur = rx.Tail;

            // A poll blocked on both wakes for the pipe (the master sends) and reports only it.
            r = BlockedPoll(rv.Backend, nic, s, () =>
            {
                PutPipe(m, 2);
                Assert.Equal(0, m.TxSync());
            });
            Assert.Equal((1, PollEvents.None, PollEvents.In), (r.Ready, r.Nic, r.Pipe));
            Assert.True(r.Ms < 2000, $"woke after {r.Ms} ms");
            Assert.Equal(2, srx.Slot(1).Len);
        });
    }

    [Fact]
    public void Several_handles_unbound_closed_and_gone_entries_report_pollerr_or_pollnval_next_to_live_ones()
    {
        WithNicAndPipe(false, (lab, rv, sender, nic, m, s) =>
        {
            Assert.Equal(0, rv.Backend.Open(out NetmapHandle? unbound));
            using (unbound)
            {
                UsPort closed = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
                closed.Dispose();

                // Unbound: POLLERR at once (PollTests.Unbound_handle_polls_pollerr), even with a long timeout; a
                // closed handle: POLLNVAL as poll(2) on a closed descriptor; both count as ready; the idle
                // interface and pipe handles report nothing.
                Span<NetmapPollFd> fds =
                [
                    new NetmapPollFd(nic.Handle, PollEvents.In),
                    new NetmapPollFd(unbound!, PollEvents.In),
                    new NetmapPollFd(closed.Handle, PollEvents.In | PollEvents.Out),
                    new NetmapPollFd(s.Handle, PollEvents.In),
                ];
                var sw = Stopwatch.StartNew();
                Assert.Equal(0, rv.Backend.Poll(fds, 5000, out int ready));
                Assert.True(sw.ElapsedMilliseconds < 1000, $"returned after {sw.ElapsedMilliseconds} ms");
                Assert.Equal(
                    (2, PollEvents.None, PollEvents.Err, PollEvents.Nval, PollEvents.None),
                    (ready, fds[0].Revents, fds[1].Revents, fds[2].Revents, fds[3].Revents));

                // With a frame on the interface: three ready.
                SendTo(sender, VethLab.AddrA, 9, 1);
                Assert.True(SyncUntil(nic, 0, 1), $"tail {nic.Rx().Tail}");
                Assert.Equal(0, rv.Backend.Poll(fds, 0, out ready));
                Assert.Equal(
                    (3, PollEvents.In, PollEvents.Err, PollEvents.Nval, PollEvents.None),
                    (ready, fds[0].Revents, fds[1].Revents, fds[2].Revents, fds[3].Revents));
            }

            // The interface deleted under a bound handle: a poll that sleeps reports POLLERR for it (the 500 ms
            // check) and nothing for the idle pipe next to it; then the pipe, given a slot, reports its own POLLIN.
            nic.Rx().Head = nic.Rx().Cur = nic.Rx().Tail;
            Assert.Equal(0, nic.RxSync());
            lab.InA($"ip link del {VethLab.A}");
            Span<NetmapPollFd> gone = [new NetmapPollFd(nic.Handle, PollEvents.In), new NetmapPollFd(s.Handle, PollEvents.In)];
            var sw2 = Stopwatch.StartNew();
            Assert.Equal(0, rv.Backend.Poll(gone, 5000, out int r2));
            Assert.True(sw2.ElapsedMilliseconds < 2500, $"returned after {sw2.ElapsedMilliseconds} ms");
            Assert.Equal((1, PollEvents.Err, PollEvents.None), (r2, gone[0].Revents, gone[1].Revents));
            PutPipe(m, 3);
            Assert.Equal(0, m.TxSync());
            Assert.Equal(0, rv.Backend.Poll(gone, 0, out r2));
            Assert.Equal((2, PollEvents.Err, PollEvents.In), (r2, gone[0].Revents, gone[1].Revents));
        });
    }

    [Fact]
    public void Several_handles_a_deleted_interface_reports_pollerr_even_when_another_handle_in_the_call_is_ready()
    {
        // notes.md §5: "port not in netmap mode: POLLERR" is the first check of netmap_poll, made for every fd of the
        // call; on Linux the unregister notifier takes the port out of netmap mode when `ip link del` runs.
        WithNicAndPipe(false, (lab, rv, sender, nic, m, s) =>
        {
            PutPipe(m, 1);
            Assert.Equal(0, m.TxSync());
            lab.InA($"ip link del {VethLab.A}");
            Span<NetmapPollFd> fds = [new NetmapPollFd(nic.Handle, PollEvents.In), new NetmapPollFd(s.Handle, PollEvents.In)];
            Assert.Equal(0, rv.Backend.Poll(fds, 2000, out int ready));
            (int, PollEvents, PollEvents) several = (ready, fds[0].Revents, fds[1].Revents);
            PollEvents alone = nic.Poll(PollEvents.In, 0);
            Assert.True(
                several == (2, PollEvents.Err, PollEvents.In) && alone == PollEvents.Err,
                "DIFFERENCE from notes.md §5: after `ip link del a0`, poll([a0 POLLIN, ready pipe POLLIN]) should give " +
                $"(ready 2, POLLERR, POLLIN) and poll([a0], 0) POLLERR; got {several} and {alone}. The user-space " +
                "poll only notices a deleted interface while it sleeps (Poller.InterfaceFailed), so a call that " +
                "returns at once because another handle is ready, or with timeout 0, does not report it.");
        });
    }

    /// <summary>poll([nic POLLIN, pipe POLLIN], 10 s) on another thread; <paramref name="trigger"/> runs 100 ms in.</summary>
    private static (int Ready, PollEvents Nic, PollEvents Pipe, long Ms) BlockedPoll(INetmapBackend backend, UsPort nic, UsPort pipe, Action trigger)
    {
        int ready = -1;
        int error = -1;
        PollEvents a = PollEvents.None, b = PollEvents.None;
        var sw = new Stopwatch();
        var waiter = new Thread(() =>
        {
            Span<NetmapPollFd> fds = [new NetmapPollFd(nic.Handle, PollEvents.In), new NetmapPollFd(pipe.Handle, PollEvents.In)];
            error = backend.Poll(fds, 10_000, out ready);
            (a, b) = (fds[0].Revents, fds[1].Revents);
        });
        waiter.Start();
        Thread.Sleep(100);
        sw.Start();
        trigger();
        Assert.True(waiter.Join(5_000), "poll did not wake up");
        Assert.Equal(0, error);
        return (ready, a, b, sw.ElapsedMilliseconds);
    }

    /// <summary>A slot of <paramref name="len"/> bytes at the pipe's TX head.</summary>
    private static void PutPipe(UsPort p, int len)
    {
        NetmapRing tx = p.Tx();
        uint h = tx.Head;
        ref NetmapSlot slot = ref tx.Slot(h);
        tx.Buffer(slot.BufIdx)[..len].Fill((byte)len);
        slot.Len = (ushort)len;
        slot.Flags = 0;
        tx.Head = tx.Cur = tx.Next(h);
    }

    // ---- errors (ErrorTests) ------------------------------------------------------------------------------------

    [Fact]
    public void Second_register_on_a_bound_handle_is_ebusy()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            var req = new NmReqRegister { Mode = (uint)NetmapRegMode.Sw };
            Assert.Equal(Errno.EBUSY, UsPort.Register(rv.Backend, p.Handle, VethLab.A, ref req));
            req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
            Assert.Equal(Errno.EBUSY, UsPort.Register(rv.Backend, p.Handle, VethLab.A, ref req));
        });
    }

    [Fact]
    public void Exclusive_open_conflicts_both_ways_and_only_on_the_rings_it_binds()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            UsPort.Setup exclusive = (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.Exclusive;
            using (UsPort shared = UsPort.Open(rv.Backend, VethLab.A))
            {
                Assert.Equal(Errno.EBUSY, UsPort.TryOpen(rv.Backend, VethLab.A, exclusive, out _));
            }

            using UsPort x = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) =>
            {
                q.Mode = (uint)NetmapRegMode.OneNic;
                q.RingId = 0;
                q.Flags = (ulong)NetmapRegFlags.Exclusive;
            });
            Assert.Equal(Errno.EBUSY, UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));
            Assert.Equal(Errno.EBUSY, UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.OneNic; q.RingId = 0; }, out _));
            using UsPort other = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.OneNic; q.RingId = 1; });
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Mode = (uint)NetmapRegMode.Sw);
        });
    }

    [Fact]
    public void A_handle_whose_register_failed_stays_unbound_syncs_enxio_and_mmap_einval()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            // Someone else's XDP program makes REGISTER on a0 fail with EBUSY.
            Assert.Equal(0, Netmap.Interop.UserSpace.Linux.XdpSteal.Attach(Netmap.Interop.UserSpace.Linux.InterfaceInfo.Index(VethLab.A), 1, out var foreign, out _, "someones_prog"));
            using var holdForeign = foreign;
            foreach ((string name, int expected) in new[] { ("nosuch0", Errno.ENXIO), (VethLab.A, Errno.EBUSY) })
            {
                Assert.Equal(0, rv.Backend.Open(out NetmapHandle? h));
                using (h)
                {
                    var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic, Offset = 12345, MemSize = 777, TxSlots = 3 };
                    Assert.Equal(expected, UsPort.Register(rv.Backend, h!, name, ref req));
                    Assert.Equal((12345UL, 777UL, 3u), (req.Offset, req.MemSize, req.TxSlots));
                    Assert.Equal(Errno.ENXIO, rv.Backend.Ioctl(h!, NetmapIoctl.NIOCTXSYNC, null));
                    Assert.Equal(Errno.ENXIO, rv.Backend.Ioctl(h!, NetmapIoctl.NIOCRXSYNC, null));
                    Assert.Equal(Errno.EINVAL, rv.Backend.Mmap(h!, 4096, out NetmapMapping? map));
                    Assert.Null(map);
                    Span<NetmapPollFd> fds = [new NetmapPollFd(h!, PollEvents.In)];
                    Assert.Equal(0, rv.Backend.Poll(fds, 0, out int ready));
                    Assert.Equal((1, PollEvents.Err), (ready, fds[0].Revents));
                }
            }
        });
    }

    [Fact]
    public void Mmap_longer_than_the_region_is_einval()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            Assert.Equal(Errno.EINVAL, rv.Backend.Mmap(p.Handle, p.Reply.MemSize + 4096, out NetmapMapping? map));
            Assert.Null(map);
        });
    }

    // ---- transparent mode (NR_FORWARD / NS_FORWARD, notes.md §4) ------------------------------------------------

    [Theory]
    [InlineData(NetmapRegMode.NicSw)]
    [InlineData(NetmapRegMode.AllNic)]
    public void Transparent_mode_nic_rx_slots_released_with_ns_forward_reach_the_stack_and_only_those(NetmapRegMode mode)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        using UdpClient sender = Namespaces.Run(lab.NsB, () => new UdpClient());
        List<int> stackGot = Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient(new IPEndPoint(IPAddress.Any, Port));
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)mode);
            NetmapRing rx = p.Rx(0);
            rx.Flags |= NetmapRingFlags.Forward;
            SendTo(sender, VethLab.AddrA, 0, 6);
            Assert.True(SyncUntil(p, 0, 6), $"tail {rx.Tail}");
            for (uint i = 0; i < 6; i++)
            {
                SetForward(rx, i, i % 2 == 0);
            }

            rx.Head = rx.Cur = 6;
            Assert.Equal(0, p.RxSync());
            List<int> got = Drain(stack);

            // Without NR_FORWARD on the ring, NS_FORWARD on a slot does nothing.
            rx.Flags &= ~NetmapRingFlags.Forward;
            SendTo(sender, VethLab.AddrA, 100, 2);
            Assert.True(SyncUntil(p, 0, 8), $"tail {rx.Tail}");
            SetForward(rx, 6, true);
            SetForward(rx, 7, true);
            rx.Head = rx.Cur = 8;
            Assert.Equal(0, p.RxSync());
            got.AddRange(Drain(stack));
            return got;
        });
        Assert.Equal(new[] { 0, 2, 4 }, stackGot);
    }

    [Fact]
    public void Transparent_mode_host_rx_slots_released_with_ns_forward_go_out_on_the_wire_and_only_those()
    {
        List<int> received = ForwardFromHostRx(4, (UsPort p, NetmapRing hrx) =>
        {
            for (uint i = 0; i < 4; i++)
            {
                Assert.Equal((int)i, Seq(hrx, i));
                SetForward(hrx, i, i is 1 or 2);
            }

            uint[] buffers = [hrx.Slot(1).BufIdx, hrx.Slot(2).BufIdx];
            NetmapRing tx = p.Tx();
            uint txHead = tx.Head;
            hrx.Head = hrx.Cur = 4;
            Assert.Equal(0, p.RxSync());

            // netmap_sw_to_nic: swapped into the NIC TX ring at its head, which the kernel advanced; both slots
            // NS_BUF_CHANGED, lengths copied. They leave with the next TX sync.
            Assert.Equal((txHead + 2) % tx.NumSlots, tx.Head);
            Assert.Equal(tx.Head, tx.Cur);
            for (uint i = 0; i < 2; i++)
            {
                ref NetmapSlot d = ref tx.Slot((txHead + i) % tx.NumSlots);
                Assert.Equal(buffers[i], d.BufIdx);
                Assert.Equal((ushort)NetmapSlotFlags.BufChanged, d.Flags);
                Assert.Equal((ushort)NetmapSlotFlags.BufChanged, hrx.Slot(1 + i).Flags);
                Assert.NotEqual(buffers[i], hrx.Slot(1 + i).BufIdx);
            }

            Assert.Equal(0, p.TxSync());
        });
        Assert.Equal(new[] { 1, 2 }, received);
    }

    [Fact]
    public void Transparent_mode_host_to_nic_forwarding_is_sent_by_the_same_poll()
    {
        List<int> received = ForwardFromHostRx(3, (UsPort p, NetmapRing hrx) =>
        {
            for (uint i = 0; i < 3; i++)
            {
                SetForward(hrx, i, true);
            }

            hrx.Head = hrx.Cur = 3;
            p.Poll(PollEvents.In, 0);
        });
        Assert.Equal(new[] { 0, 1, 2 }, received);
    }

    private delegate void HostRxBody(UsPort p, NetmapRing hrx);

    /// <summary>netmap:a0* in transparent mode with <paramref name="count"/> stack datagrams on its host RX ring; what b0 then received.</summary>
    private static List<int> ForwardFromHostRx(int count, HostRxBody body)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient();
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            NetmapRing hrx = p.Rx(p.Reply.RxRings);
            hrx.Flags |= NetmapRingFlags.Forward;
            SendTo(stack, VethLab.AddrB, 0, count);
            Assert.True(SyncUntil(p, p.Reply.RxRings, (uint)count), $"host rx tail {hrx.Tail}");
            body(p, hrx);
        });
        return Received(peer);
    }

    [Fact]
    public void Transparent_mode_host_rx_does_not_forward_down_from_a_handle_without_every_nic_tx_ring()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient();

            // The NIC handle makes the stack's output reach the host RX ring; the host handle (NR_REG_SW) binds no
            // NIC TX ring, so netmap gives it no NAF_CAN_FORWARD_DOWN: NS_FORWARD slots are just released.
            using UsPort nic = UsPort.Open(rv.Backend, VethLab.A);
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            NetmapRing hrx = p.Rx(p.Reply.RxRings);
            hrx.Flags |= NetmapRingFlags.Forward;
            SendTo(stack, VethLab.AddrB, 0, 2);
            Assert.True(SyncUntil(p, p.Reply.RxRings, 2), $"host rx tail {hrx.Tail}");
            SetForward(hrx, 0, true);
            SetForward(hrx, 1, true);
            hrx.Head = hrx.Cur = 2;
            Assert.Equal(0, p.RxSync());
        });
        Assert.Empty(Received(peer));
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private delegate void NicAndPipeBody(VethLab lab, RendezvousDirectory rv, UdpClient sender, UsPort nic, UsPort m, UsPort s);

    /// <summary>
    /// netmap:a0 (all NIC rings) and a pipe pair of a private parent on one backend, in a0's namespace, with a UDP
    /// sender on b0 that knows a0's MAC; <paramref name="smallPipe"/> gives the pipe 8 slots.
    /// </summary>
    private static void WithNicAndPipe(bool smallPipe, NicAndPipeBody body)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        using UdpClient sender = Namespaces.Run(lab.NsB, () => new UdpClient());
        Namespaces.Run(lab.NsA, () =>
        {
            string parent = RendezvousDirectory.UniqueParent();
            using UsPort nic = UsPort.Open(rv.Backend, VethLab.A);
            using UsPort m = smallPipe
                ? UsPort.Open(rv.Backend, parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 8; q.RxSlots = 8; })
                : UsPort.Open(rv.Backend, parent + "{1");
            using UsPort s = UsPort.Open(rv.Backend, parent + "}1");
            body(lab, rv, sender, nic, m, s);
        });
    }

    private delegate void TxBody(VethLab lab, UsPort port, UdpClient peer);

    private delegate void RxBody(VethLab lab, UsPort port, Action<int, int> send);

    /// <summary>netmap:a0 (all NIC rings) sending to a UDP socket on b0.</summary>
    private static void Tx(TxBody body, NetmapRegFlags flags = 0)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister q) => q.Flags = (ulong)flags);
            body(lab, p, peer);
        });
    }

    /// <summary>netmap:a0 (all NIC rings) receiving what a UDP socket on b0 sends; send(firstSeq, count).</summary>
    private static void Rx(RxBody body)
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        using UdpClient sender = Namespaces.Run(lab.NsB, () => new UdpClient());
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            body(lab, p, (first, count) => SendTo(sender, VethLab.AddrA, first, count));
        });
    }

    private static void SendTo(UdpClient socket, string address, int first, int count)
    {
        for (int seq = first; seq < first + count; seq++)
        {
            socket.Send(Frames.Payload(seq, 32), new IPEndPoint(IPAddress.Parse(address), Port));
        }
    }

    /// <summary>A UDP frame a0 → b0 carrying <paramref name="seq"/>, at TX head.</summary>
    private static void Put(UsPort p, VethLab lab, int seq) =>
        PutFrame(p.Tx(), Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, Port, Frames.Payload(seq, 32)));

    private static void PutFrame(NetmapRing tx, byte[] frame) => Frames.Put(tx, frame);

    private static int Seq(NetmapRing rx, uint slot)
    {
        ReadOnlySpan<byte> payload = Frames.UdpPayload(rx.SlotData(slot), Port);
        return payload.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload) : -1;
    }

    private static void SetForward(NetmapRing rx, uint slot, bool forward)
    {
        ref NetmapSlot s = ref rx.Slot(slot);
        s.Flags = forward ? (ushort)(s.Flags | (ushort)NetmapSlotFlags.Forward) : (ushort)(s.Flags & ~(ushort)NetmapSlotFlags.Forward);
    }

    /// <summary>RX syncs until RX ring <paramref name="ring"/> has tail <paramref name="tail"/>, or 3 s (frames reach the AF_XDP socket from veth's NAPI).</summary>
    private static bool SyncUntil(UsPort p, uint ring, uint tail)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Assert.Equal(0, p.RxSync());
            if (p.Rx(ring).Tail == tail)
            {
                return true;
            }

            if (sw.ElapsedMilliseconds > 3000)
            {
                return false;
            }

            Thread.Sleep(5);
        }
    }

    /// <summary>TX syncs until every slot up to head is done (tail = head - 1), or 2 s.</summary>
    private static bool SyncTxUntilDone(UsPort p)
    {
        NetmapRing tx = p.Tx();
        var sw = Stopwatch.StartNew();
        while (true)
        {
            Assert.Equal(0, p.TxSync());
            if (tx.Next(tx.Tail) == tx.Head)
            {
                return true;
            }

            if (sw.ElapsedMilliseconds > 2000)
            {
                return false;
            }

            Thread.Sleep(1);
        }
    }

    private static bool Sleep()
    {
        Thread.Sleep(5);
        return true;
    }

    private static List<int> Received(UdpClient socket) => SequenceTraffic.Received(socket);

    private static List<int> Drain(UdpClient socket) => SequenceTraffic.Received(socket);
}
