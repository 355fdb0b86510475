using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Slots and frames the kernel side cannot carry as they are, and one process using two directories.</summary>
public sealed class InterfaceEdgeTests
{
    private const ushort Port = 6100;

    [Fact]
    public void Nic_tx_slots_the_wire_cannot_take_are_consumed_counted_and_do_not_stall_the_frames_after_them()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        NetmapLosses losses = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.TxRingsOnly);
            NetmapRing tx = p.Tx();
            for (int i = 0; i < 60; i++)
            {
                // Empty, shorter than an Ethernet header, longer than MTU 1500 allows.
                Frames.Put(tx, new byte[(i % 3) switch { 0 => 0, 1 => 10, _ => 2000 }]);
            }

            Frames.Put(tx, Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, Port, Frames.Payload(42, 40)));
            Assert.Equal(0, p.TxSync());
            Assert.Equal(tx.Head, tx.Next(tx.Tail));
            Assert.True(rv.Backend.TryGetLosses(p.Handle, out NetmapLosses l));
            return l;
        });
        Assert.Equal(new List<int> { 42 }, SequenceTraffic.Received(peer));
        Assert.Equal(60, losses.TxDropped);
    }

    [Fact]
    public void While_the_link_is_down_nic_tx_consumes_its_slots_unsent_and_after_up_only_new_frames_leave()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using UdpClient peer = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.TxRingsOnly);
            NetmapRing tx = p.Tx();
            lab.InA("ip link set dev a0 down");
            for (int round = 0; round < 3; round++)
            {
                for (int i = 0; i < 600; i++)
                {
                    Frames.Put(tx, Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, Port, Frames.Payload(i, 40)));
                }

                Assert.Equal(0, p.TxSync());
                Assert.True(tx.Head == tx.Next(tx.Tail), $"round {round}: slots still pending while the link is down");
            }

            lab.InA("ip link set dev a0 up");
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (!lab.InA("ip link show dev a0").Contains("LOWER_UP", StringComparison.Ordinal) && sw.ElapsedMilliseconds < 3000)
            {
                System.Threading.Thread.Sleep(20);
            }

            Frames.Put(tx, Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, Port, Frames.Payload(1000, 40)));
            Assert.Equal(0, p.TxSync());
        });
        Assert.Equal(new List<int> { 1000 }, SequenceTraffic.Received(peer));
    }

    [Fact]
    public void A_stack_frame_larger_than_a_buffer_is_dropped_from_the_host_rx_ring_and_counted_not_truncated()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InA("ip link set dev a0 mtu 2040");
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        var seen = new List<int>();
        NetmapLosses losses = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            using var udp = new UdpClient();
            var to = new IPEndPoint(IPAddress.Parse(VethLab.AddrB), Port);

            // 2012 payload bytes make a 2054-byte frame (MTU 2040 fits a 2048-byte buffer, its frame does not).
            udp.Send(Frames.Payload(1, 2012), to);
            udp.Send(Frames.Payload(2, 40), to);
            SequenceTraffic.Collect(p, p.Rx(p.Reply.RxRings), Port, 40, 700, seen);
            Assert.True(rv.Backend.TryGetLosses(p.Handle, out NetmapLosses l));
            return l;
        });
        Assert.Equal(new List<int> { 2 }, seen);
        Assert.Equal(1, losses.HostRxDropped);
    }

    [Fact]
    public void The_last_close_takes_the_programs_off_the_interface_before_it_returns()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        string before = HostRingTests.Snapshot(lab);
        for (int i = 0; i < 5; i++)
        {
            Namespaces.Run(lab.NsA, () =>
            {
                uint index = Netmap.Interop.UserSpace.Linux.InterfaceInfo.Index(VethLab.A);
                UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
                Assert.Contains("xdp", lab.InA("ip -d link show dev a0"), StringComparison.Ordinal);

                // A copy of the link's descriptor, as a child another thread is forking holds until it execs: closing
                // ours alone would leave the program on the interface while that copy lives.
                Netmap.Interop.UserSpace.BoundPort b = ((Netmap.Interop.UserSpace.UserSpaceNetmapHandle)p.Handle).Bound!;
                int copy = Netmap.Interop.UserSpace.Linux.BpfSys.LinkById(b.Region.Port(b.Port).XdpLinkId);
                Assert.True(copy >= 0);
                try
                {
                    p.Dispose();
                    Assert.Equal(0, Netmap.Interop.UserSpace.Linux.XdpSteal.Attach(index, 1, out var probe, out string? why, "probe"));
                    probe!.Detach();
                    probe.Dispose();
                }
                finally
                {
                    Netmap.Interop.UserSpace.Linux.LinuxSys.Close(copy);
                }
            });

            Assert.Equal(before, HostRingTests.Snapshot(lab));
        }
    }

    [Fact]
    public void Syncs_of_a_deleted_interface_are_enxio_at_once_without_a_poll_first()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            Assert.Equal(0, p.TxSync());
            lab.InA("ip link del a0");
            Assert.Equal(Errno.ENXIO, p.TxSync());
            Assert.Equal(Errno.ENXIO, p.RxSync());
        });
    }

    [Fact]
    public void A_second_rendezvous_directory_of_the_same_process_meets_the_first_as_another_netmap()
    {
        using var lab = new VethLab();
        using var first = new RendezvousDirectory();
        var log = new LogCapture();
        using var second = new LoggedRendezvous(log);
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(first.Backend, VethLab.A);
            Assert.Equal(Errno.EBUSY, UsPort.TryOpen(second.Backend, VethLab.A, null, out _));
        });
        Assert.Contains("held by a user-space netmap process of another directory", log.All, StringComparison.Ordinal);
    }
}
