using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Several handles on one interface: the same ring (shared, NR_EXCLUSIVE), different rings (a 2-queue veth).</summary>
public sealed class SharingTests
{
    private const ushort BasePort = 6000;
    private readonly ITestOutputHelper _out;

    public SharingTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Two_handles_on_the_same_ring_share_it_and_exclusive_makes_a_second_bind_fail()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort a = UsPort.Open(rv.Backend, VethLab.A);
            using UsPort b = UsPort.Open(rv.Backend, VethLab.A);
            Assert.NotEqual(a.Reply.Offset, b.Reply.Offset);
            Assert.Equal(a.Nifp.RingOffsets[a.Nifp.RxIndex(0)] + (long)a.Reply.Offset, b.Nifp.RingOffsets[b.Nifp.RxIndex(0)] + (long)b.Reply.Offset);
            Assert.Equal(Errno.EBUSY, UsPort.TryOpen(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.Exclusive, out _));

            // A frame the peer sends is in the one ring both handles see.
            lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
            Namespaces.Run(lab.NsB, () =>
            {
                using var udp = new UdpClient();
                udp.Send(Frames.Payload(1, 32), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), BasePort));
            });
            Assert.NotEqual(PollEvents.None, a.Poll(PollEvents.In, 2000));
            b.RxSync();
            Assert.NotEqual(b.Rx().Head, b.Rx().Tail);
            Assert.True(Frames.UdpPayload(b.Rx().SlotData(b.Rx().Head), BasePort).SequenceEqual(Frames.Payload(1, 32)));
        });

        var log = new LogCapture();
        string dir = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);
        try
        {
            using var logged = new Netmap.Interop.UserSpace.UserSpaceNetmapBackend(new Netmap.Interop.UserSpace.UserSpaceNetmapOptions { RendezvousDirectory = dir, Logger = log });
            Namespaces.Run(lab.NsA, () =>
            {
                int error = UsPort.TryOpen(logged, VethLab.A, (ref NmReqRegister r) => r.Flags = (ulong)NetmapRegFlags.Exclusive, out UsPort? x);
                Assert.True(error == 0, $"exclusive open after the others closed: {Errno.Name(error)}: {log.All}");
                using (x)
                {
                    Assert.Equal(Errno.EBUSY, UsPort.TryOpen(logged, VethLab.A, null, out _));
                }
            });
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Handles_on_different_queues_each_get_their_queue_and_together_every_frame_once()
    {
        using var lab = new VethLab(queues: 2);
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        const int flows = 64;
        var perQueue = new int[2];
        var seen = new HashSet<int>();
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort q0 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 0; });
            using UsPort q1 = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 1; });
            Assert.Equal(2u, q0.Reply.RxRings);
            Assert.False(q0.Nifp.HasRxRing(1));
            Assert.False(q1.Nifp.HasRxRing(0));

            // Different source ports hash to different TX queues of b0, which are the RX queues of a0.
            Namespaces.Run(lab.NsB, () =>
            {
                for (int i = 0; i < flows; i++)
                {
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, BasePort + 100 + i));
                    udp.Send(Frames.Payload(i, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), BasePort));
                }
            });
            var sw = System.Diagnostics.Stopwatch.StartNew();
            while (seen.Count < flows && sw.ElapsedMilliseconds < 4000)
            {
                Span<NetmapPollFd> fds = [new NetmapPollFd(q0.Handle, PollEvents.In), new NetmapPollFd(q1.Handle, PollEvents.In)];
                q0.Backend.Poll(fds, 200, out _);
                Drain(q0.Rx(0), 0);
                Drain(q1.Rx(1), 1);
            }
        });
        _out.WriteLine($"queue 0: {perQueue[0]} frames, queue 1: {perQueue[1]} frames");
        Assert.Equal(flows, seen.Count);
        Assert.Equal(flows, perQueue[0] + perQueue[1]);
        Assert.True(perQueue[0] > 0 && perQueue[1] > 0, "both queues carried traffic");

        void Drain(NetmapRing rx, int q)
        {
            while (rx.Head != rx.Tail)
            {
                ReadOnlySpan<byte> p = Frames.UdpPayload(rx.SlotData(rx.Head), BasePort);
                if (p.Length == 40)
                {
                    Assert.True(seen.Add(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(p)));
                    perQueue[q]++;
                }

                rx.Head = rx.Cur = rx.Next(rx.Head);
            }
        }
    }
}
