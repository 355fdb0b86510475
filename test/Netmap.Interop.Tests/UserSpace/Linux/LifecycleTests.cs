using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Host ring counts, other processes, and the interface vanishing under a bound port.</summary>
public sealed class LifecycleTests
{
    [Fact]
    public void Host_rings_come_from_the_request_and_one_sw_binds_just_one_of_them()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        const ushort port = 5557;
        int received = Namespaces.Run(lab.NsA, () =>
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
            udp.Client.ReceiveTimeout = 2000;

            // netmap:a0^1@conf:host-rings=2
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) =>
            {
                r.Mode = (uint)NetmapRegMode.OneSw;
                r.RingId = 1;
                r.HostTxRings = 2;
                r.HostRxRings = 2;
            });
            Assert.Equal(2, (int)p.Reply.HostTxRings);
            Assert.Equal(2u, p.Nifp.HostRxRings);
            uint nic = p.Reply.TxRings;
            Assert.False(p.Nifp.HasTxRing(nic));
            Assert.True(p.Nifp.HasTxRing(nic + 1));
            Assert.Equal(Errno.EINVAL, UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneSw; r.RingId = 2; }, out _));
            NetmapRing tx = p.Tx(nic + 1);
            byte[] f = Frames.Udp(lab.MacB, lab.MacA, VethLab.AddrB, VethLab.AddrA, port, Frames.Payload(3, 50));
            ref NetmapSlot s = ref tx.Slot(tx.Head);
            f.CopyTo(tx.Buffer(s.BufIdx));
            s.Len = (ushort)f.Length;
            tx.Head = tx.Cur = tx.Next(tx.Head);
            p.TxSync();
            var from = new IPEndPoint(IPAddress.Any, 0);
            return udp.Receive(ref from).Length;
        });
        Assert.Equal(50, received);
    }

    [Fact]
    public void Fix_offloads_switches_gro_off_while_open_and_back_on_at_close()
    {
        using var lab = new VethLab();
        lab.InA("ethtool -K a0 gro on");
        string dir = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);
        var log = new LogCapture();
        using (var backend = new Netmap.Interop.UserSpace.UserSpaceNetmapBackend(new Netmap.Interop.UserSpace.UserSpaceNetmapOptions { RendezvousDirectory = dir, FixOffloads = true, Logger = log }))
        {
            try
            {
                Namespaces.Run(lab.NsA, () =>
                {
                    using UsPort p = UsPort.Open(backend, VethLab.A);
                    Assert.Contains("generic-receive-offload: off", lab.InA("ethtool -k a0"), StringComparison.Ordinal);
                });
            }
            finally
            {
                if (System.IO.Directory.Exists(dir))
                {
                    System.IO.Directory.Delete(dir, recursive: true);
                }
            }
        }

        Assert.Contains("ethtool -K a0 gro off", log.All, StringComparison.Ordinal);
        Assert.Contains("generic-receive-offload: on", lab.InA("ethtool -k a0"), StringComparison.Ordinal);
    }

    [Fact]
    public void Closing_from_a_thread_in_another_namespace_cleans_up_the_interface_s_own_namespace()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        string before = HostRingTests.Snapshot(lab);
        string rootBefore = Sh.Out("tc qdisc show");
        UsPort p = Namespaces.Run(lab.NsA, () => UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw));
        Assert.Contains("nmus-", lab.InA("ip -o link show"), StringComparison.Ordinal);
        p.Dispose();
        HostRingTests.AssertRestored(lab, before);
        Assert.Equal(rootBefore, Sh.Out("tc qdisc show"));
        Assert.True(lab.PingFromB());
    }

    [Fact]
    public void Another_process_holding_rings_exclusively_makes_register_of_those_rings_fail_with_ebusy_and_others_work()
    {
        using var lab = new VethLab();
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        Process peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("hold", rv.Path, VethLab.A, 0));
        try
        {
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
            // The peer bound the NIC rings with NR_EXCLUSIVE; its host rings are free for this process.
            int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));
            Assert.Equal(Errno.EBUSY, error);
            Namespaces.Run(lab.NsA, () =>
            {
                using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            });

            // From another rendezvous directory the holder is invisible, but its XDP link is not.
            var otherLog = new LogCapture();
            string dir = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);
            using (var other = new Netmap.Interop.UserSpace.UserSpaceNetmapBackend(new Netmap.Interop.UserSpace.UserSpaceNetmapOptions { RendezvousDirectory = dir, Logger = otherLog }))
            {
                error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(other, VethLab.A, null, out _));
            }

            System.IO.Directory.Delete(dir, recursive: true);
            Assert.Equal(Errno.EBUSY, error);
            Assert.Contains("held by a user-space netmap process of another directory", otherLog.All, StringComparison.Ordinal);
            Assert.False(lab.PingFromB(2), "the holder still steals everything");
        }
        finally
        {
            peer.Kill();
            peer.WaitForExit(5000);
            peer.Dispose();
        }
    }

    [Fact]
    public void Interface_deleted_while_bound_makes_poll_report_pollerr_and_syncs_enxio_and_nothing_hangs()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            lab.InA("ip link del a0");
            var sw = Stopwatch.StartNew();
            PollEvents ev = p.Poll(PollEvents.In, 2000);
            Assert.True(sw.ElapsedMilliseconds < 2500);
            Assert.True((ev & PollEvents.Err) != 0, $"poll said {ev}");
            Assert.Equal(Errno.ENXIO, p.RxSync());
            Assert.Equal(Errno.ENXIO, p.TxSync());
        });
    }
}
