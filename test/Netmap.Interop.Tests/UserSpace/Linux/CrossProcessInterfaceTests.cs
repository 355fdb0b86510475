using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// Rings of one interface held by different processes (netmap:a0-0 here, netmap:a0-1 or netmap:a0^ in a peer), and
/// stack output steered per TX queue: to the host RX ring only through queues whose NIC TX ring is bound.
/// </summary>
public sealed class CrossProcessInterfaceTests
{
    private const ushort Port = 6000;
    private readonly ITestOutputHelper _out;

    public CrossProcessInterfaceTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Different_nic_queues_from_two_processes_each_get_their_queue_and_together_every_frame_once()
    {
        using var lab = new VethLab(queues: 2);
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        const int flows = 64;
        var mine = new List<int>();
        using Process peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("rxring", rv.Path, VethLab.A, 1));
        Assert.Equal("ready", peer.StandardOutput.ReadLine());
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort q0 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 0; });
            Assert.Equal(Errno.EBUSY, UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 1; }, out _));
            Assert.Contains($"process {peer.Id} holds NIC RX rings 1..1, NIC TX rings 1..1", log.All, StringComparison.Ordinal);

            // Different source ports hash to different TX queues of b0, which are the RX queues of a0.
            Namespaces.Run(lab.NsB, () =>
            {
                for (int i = 0; i < flows; i++)
                {
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, Port + 100 + i));
                    udp.Send(Frames.Payload(i, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port));
                }
            });
            SequenceTraffic.Collect(q0, q0.Rx(0), Port, 40, 2000, mine);
        });

        List<int> theirs = ReadSeen(peer);
        _out.WriteLine($"queue 0 (this process): {mine.Count} frames, queue 1 (process {peer.Id}): {theirs.Count} frames");
        Assert.True(mine.Count > 0 && theirs.Count > 0, "both queues carried traffic");
        Assert.Equal(Enumerable.Range(0, flows), mine.Concat(theirs).Order());

        // The peer closed: its queue is free for this process, and the stack saw none of the frames.
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort q1 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 1; });
        });
    }

    [Fact]
    public void A_host_rx_ring_in_another_process_gets_the_stack_output_of_nic_tx_rings_bound_here_and_the_wire_gets_it_after_close()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient wire = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        using Process peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("hostrx", rv.Path, VethLab.A, 0));
        Assert.Equal("ready", peer.StandardOutput.ReadLine());
        Namespaces.Run(lab.NsA, () =>
        {
            using var stack = new UdpClient();
            using (UsPort nic = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.TxRingsOnly))
            {
                Send(stack, 0, 10);
                System.Threading.Thread.Sleep(300);
            }

            Send(stack, 10, 10);
        });

        List<int> captured = ReadSeen(peer);
        List<int> onWire = SequenceTraffic.Received(wire);
        _out.WriteLine($"host RX ring of process {peer.Id}: {string.Join(",", captured)}; wire: {string.Join(",", onWire)}");
        Assert.Equal(Enumerable.Range(0, 10), captured);
        Assert.Equal(Enumerable.Range(10, 10), onWire);
    }

    [Fact]
    public void Stack_output_reaches_the_host_ring_only_through_queues_whose_nic_tx_ring_is_bound()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient wire = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        const int flows = 64;
        var captured = new List<int>();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort tx0 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) =>
            {
                r.Mode = (uint)NetmapRegMode.OneNic;
                r.RingId = 0;
                r.Flags = (ulong)NetmapRegFlags.TxRingsOnly;
            });
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            for (int i = 0; i < flows; i++)
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, Port + 100 + i));
                udp.Send(Frames.Payload(i, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrB), Port));
            }

            SequenceTraffic.Collect(host, host.Rx(host.Reply.RxRings), Port, 40, 1000, captured);
        });

        List<int> onWire = SequenceTraffic.Received(wire);
        _out.WriteLine($"host RX ring (queue 0): {captured.Count} frames; wire (queue 1): {onWire.Count} frames");
        Assert.True(captured.Count > 0 && onWire.Count > 0, "both queues carried stack output");
        Assert.Equal(Enumerable.Range(0, flows), captured.Concat(onWire).Order());
    }

    [Fact]
    public void With_two_host_rings_stack_output_of_queue_q_reaches_host_rx_ring_q_mod_2_each_through_its_own_tap()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        lab.InA($"ip neigh replace {VethLab.AddrB} lladdr {lab.MacB} dev {VethLab.A}");
        using UdpClient wire = Namespaces.Run(lab.NsB, () => new UdpClient(new IPEndPoint(IPAddress.Any, Port)));
        const int flows = 64;
        List<int>[] perRing = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) =>
            {
                r.Mode = (uint)NetmapRegMode.NicSw;
                r.HostTxRings = 2;
                r.HostRxRings = 2;
            });
            Assert.Equal((2, 2), (p.Reply.HostTxRings, p.Reply.HostRxRings));
            Assert.Contains($"nmus-{Netmap.Interop.UserSpace.Linux.InterfaceInfo.Index(VethLab.A)}.1", lab.InA("ip -o link show"), StringComparison.Ordinal);
            for (int i = 0; i < flows; i++)
            {
                using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, Port + 100 + i));
                udp.Send(Frames.Payload(i, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrB), Port));
            }

            uint r = p.Reply.RxRings;
            return SequenceTraffic.CollectPerRing(p, [r, r + 1], Port, 40, 1000);
        });

        _out.WriteLine($"host RX ring 0: {perRing[0].Count} frames, host RX ring 1: {perRing[1].Count} frames");
        Assert.True(perRing[0].Count > 0 && perRing[1].Count > 0, "both host rings got stack output");
        Assert.Equal(Enumerable.Range(0, flows), perRing[0].Concat(perRing[1]).Order());
        Assert.Empty(SequenceTraffic.Received(wire));
    }

    private static void Send(UdpClient socket, int first, int count)
    {
        for (int seq = first; seq < first + count; seq++)
        {
            socket.Send(Frames.Payload(seq, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrB), Port));
        }
    }

    private static List<int> ReadSeen(Process peer)
    {
        string line = peer.StandardOutput.ReadLine() ?? string.Empty;
        Assert.True(peer.WaitForExit(10_000), "the peer ends after 3 s");
        Assert.True(peer.ExitCode == 0, $"peer exit {peer.ExitCode}: {peer.StandardError.ReadToEnd()}");
        return line.Length == 0 ? [] : line.Split(',').Select(int.Parse).ToList();
    }
}
