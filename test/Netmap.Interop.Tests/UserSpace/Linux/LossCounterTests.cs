using System;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>The user-space netmap's loss counters (<see cref="INetmapLossCounters"/>) against a real overflow.</summary>
public sealed class LossCounterTests
{
    private const ushort Port = 4322;
    private readonly ITestOutputHelper _out;

    public LossCounterTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void A_pipe_reports_no_losses_and_an_unbound_handle_reports_none_known()
    {
        using var rv = new RendezvousDirectory();
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort master = UsPort.Open(rv.Backend, parent + "{1");
        Assert.True(rv.Backend.TryGetLosses(master.Handle, out NetmapLosses losses));
        Assert.Equal(default, losses);
        Assert.Equal(0, rv.Backend.Open(out NetmapHandle? unbound));
        using (unbound)
        {
            Assert.False(rv.Backend.TryGetLosses(unbound!, out _));
        }
    }

    [Fact]
    public void Frames_the_unsynced_nic_rx_path_cannot_hold_are_counted_and_account_for_what_the_peer_sent()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        const int count = 4000;
        long sent = 0;
        (long received, NetmapLosses before, NetmapLosses after) = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            Assert.True(rv.Backend.TryGetLosses(p.Handle, out NetmapLosses start));
            long txBefore = Counter(lab.NsB, VethLab.B, "tx_packets");

            // The application does not sync while the peer floods: the frames pile up in the kernel until its queue
            // in front of our ring (the AF_XDP socket's buffers) is full, and the rest are dropped there.
            Namespaces.Run(lab.NsB, () =>
            {
                using var udp = new UdpClient();
                var to = new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port);
                byte[] payload = new byte[32];
                for (int i = 0; i < count; i++)
                {
                    udp.Send(payload, to);
                }
            });
            System.Threading.Thread.Sleep(300);
            sent = Counter(lab.NsB, VethLab.B, "tx_packets") - txBefore;

            long got = 0;
            var quiet = Stopwatch.StartNew();
            NetmapRing rx = p.Rx();
            while (quiet.ElapsedMilliseconds < 300)
            {
                p.RxSync();
                while (rx.Head != rx.Tail)
                {
                    got++;
                    rx.Head = rx.Cur = rx.Next(rx.Head);
                    quiet.Restart();
                }
            }

            Assert.True(rv.Backend.TryGetLosses(p.Handle, out NetmapLosses end));
            _out.WriteLine($"a0 stats: {lab.InA("sh -c 'grep . /sys/class/net/a0/statistics/*drop* /sys/class/net/a0/statistics/rx_packets'")}");
            _out.WriteLine($"b0 tx_dropped: {Counter(lab.NsB, VethLab.B, "tx_dropped")}");
            return (got, start, end);
        });
        long lost = after.RxTotal - before.RxTotal;
        _out.WriteLine($"sent {count}, received {received}, rx_ring_full {after.RxRingFull}, rx_dropped {after.RxDropped}, tx {after.TxDropped}, host {after.HostRxDropped}");
        Assert.Equal(default, before);
        Assert.True(lost > 0, "the overflow is counted");
        Assert.True(received < count, "the ring path really overflowed");
        // The peer's tx_packets is what reached a0; a0's own rx_dropped counts the same failed redirects again, so
        // it is not added. Nothing is lost between the socket and our ring beyond what the socket reports.
        Assert.Equal(sent, received + lost);
    }

    [Fact]
    public void Stack_output_the_unsynced_host_rx_ring_cannot_hold_is_counted_as_host_rx_dropped()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        const int count = 4000;
        int sent = 0;
        UsPort p = Namespaces.Run(lab.NsA, () =>
        {
            UsPort port = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            using var udp = new UdpClient();
            var to = new IPEndPoint(IPAddress.Parse(VethLab.AddrB), Port);
            byte[] payload = new byte[32];
            for (int i = 0; i < count; i++)
            {
                sent += udp.Send(payload, to) == payload.Length ? 1 : 0;
            }

            return port;
        });
        long received = 0;
        NetmapLosses losses;
        try
        {
            // Read from this thread, outside a0's namespace: the counters must come from the namespace the TAP is in.
            System.Threading.Thread.Sleep(300);
            var quiet = Stopwatch.StartNew();
            NetmapRing rx = p.Rx(p.Reply.RxRings);
            while (quiet.ElapsedMilliseconds < 300)
            {
                p.RxSync();
                while (rx.Head != rx.Tail)
                {
                    received++;
                    rx.Head = rx.Cur = rx.Next(rx.Head);
                    quiet.Restart();
                }
            }

            Assert.True(rv.Backend.TryGetLosses(p.Handle, out losses));

            // Workers sample this on their hot thread: reading the sockets' and the TAP's counters allocates nothing.
            long allocated = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 100; i++)
            {
                Assert.True(rv.Backend.TryGetLosses(p.Handle, out _));
            }

            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - allocated);
            _out.WriteLine(lab.InA("tc -s qdisc show"));
        }
        finally
        {
            Namespaces.Run(lab.NsA, p.Dispose);
        }

        _out.WriteLine($"sent {sent}, host received {received}, host_rx_dropped {losses.HostRxDropped}, rx {losses.RxTotal}");
        Assert.True(losses.HostRxDropped > 0, "the overflow is counted");
        Assert.Equal(sent, received + losses.HostRxDropped);
    }

    private static long Counter(string ns, string dev, string name) =>
        long.Parse(Sh.Out($"ip netns exec {ns} cat /sys/class/net/{dev}/statistics/{name}").Trim(), CultureInfo.InvariantCulture);
}
