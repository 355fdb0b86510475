using System;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Host rings of <c>netmap:a0*</c> / <c>netmap:a0^</c> against the kernel stack and a real peer.</summary>
public sealed class HostRingTests
{
    private readonly ITestOutputHelper _out;

    public HostRingTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Ping_works_when_passing_everything_stops_when_passing_nothing_and_works_after_close_with_the_interface_as_before()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        string before = Snapshot(lab);
        using (var fwd = new HostForwarder(lab, rv.Backend))
        {
            Assert.True(lab.PingFromB(), "ping while passing everything to the host");
            fwd.PassToHost = false;
            Assert.False(lab.PingFromB(2), "ping while passing nothing");
            fwd.PassToHost = true;
            Assert.True(lab.PingFromB(), "ping after passing again");
            _out.WriteLine($"forwarded {fwd.Frames} frames; while bound: {lab.InA("tc qdisc show dev a0")}");
        }

        Assert.True(lab.PingFromB(), "ping after close");
        AssertRestored(lab, before);
    }

    [Fact]
    public void Host_tx_frames_are_received_by_the_stack()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        const ushort port = 5555;
        int received = Namespaces.Run(lab.NsA, () =>
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
            udp.Client.ReceiveTimeout = 2000;
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            Assert.Equal(1, (int)p.Reply.HostTxRings);
            NetmapRing tx = p.Tx(p.Reply.TxRings);
            for (int i = 0; i < 10; i++)
            {
                byte[] f = Frames.Udp(lab.MacB, lab.MacA, VethLab.AddrB, VethLab.AddrA, port, Frames.Payload(i, 100));
                ref NetmapSlot s = ref tx.Slot(tx.Head);
                f.CopyTo(tx.Buffer(s.BufIdx));
                s.Len = (ushort)f.Length;
                tx.Head = tx.Cur = tx.Next(tx.Head);
            }

            p.TxSync();
            int n = 0;
            var from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (n < 10)
                {
                    byte[] d = udp.Receive(ref from);
                    Assert.Equal(Frames.Payload(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(d), 100), d);
                    n++;
                }
            }
            catch (SocketException)
            {
            }

            return n;
        });
        Assert.Equal(10, received);
    }

    [Fact]
    public void Stack_output_lands_in_host_rx_when_the_nic_tx_ring_is_bound_and_not_on_the_wire()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        const ushort port = 5556;
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        var peer = new Background<int>(() => Namespaces.Run(lab.NsB, () =>
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, port));
            udp.Client.ReceiveTimeout = 1500;
            var from = new IPEndPoint(IPAddress.Any, 0);
            int n = 0;
            try
            {
                while (true)
                {
                    udp.Receive(ref from);
                    n++;
                }
            }
            catch (SocketException)
            {
            }

            return n;
        }));
        int captured = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            using var udp = new UdpClient();
            for (int i = 0; i < 20; i++)
            {
                udp.Send(Frames.Payload(i, 64), new IPEndPoint(IPAddress.Parse(VethLab.AddrB), port));
            }

            NetmapRing hostRx = p.Rx(p.Reply.RxRings);
            int n = 0;
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (n < 20 && sw.ElapsedMilliseconds < 3000)
            {
                p.Poll(PollEvents.In, 100);
                while (hostRx.Head != hostRx.Tail)
                {
                    ReadOnlySpan<byte> payload = Frames.UdpPayload(hostRx.SlotData(hostRx.Head), port);
                    if (payload.Length == 64 && payload.SequenceEqual(Frames.Payload(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload), 64)))
                    {
                        n++;
                    }

                    hostRx.Head = hostRx.Cur = hostRx.Next(hostRx.Head);
                }
            }

            return n;
        });
        Assert.Equal(20, captured);
        Assert.Equal(0, peer.Join());
    }

    /// <summary>What close must restore exactly: qdiscs, XDP state, offloads, and no TAP left.</summary>
    /// <summary>
    /// Asserts the interface is back to <paramref name="before"/>. A killed holder's links are detached by a kernel
    /// workqueue after its descriptors close, so the state may take a moment to settle: up to 2 s.
    /// </summary>
    internal static void AssertRestored(VethLab lab, string before, Func<string>? extra = null)
    {
        string now = Snapshot(lab) + extra?.Invoke();
        var sw = System.Diagnostics.Stopwatch.StartNew();
        while (now != before && sw.ElapsedMilliseconds < 2000)
        {
            System.Threading.Thread.Sleep(50);
            now = Snapshot(lab) + extra?.Invoke();
        }

        Assert.Equal(before, now);
    }

    internal static string Snapshot(VethLab lab) =>
        lab.InA("tc qdisc show dev a0") + lab.InA("sh -c \"ip -d link show dev a0 2>/dev/null | grep -o 'xdp.*' || true\"") +
        lab.InA("ethtool -k a0") + lab.InA("sh -c \"ip -o link show 2>/dev/null | grep -c nmus- || true\"");
}
