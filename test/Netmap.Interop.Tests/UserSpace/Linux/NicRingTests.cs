using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>NIC rings of <c>netmap:a0</c> against a real kernel peer on the other end of a veth.</summary>
public sealed class NicRingTests
{
    private const ushort Port = 4321;
    private readonly ITestOutputHelper _out;

    public NicRingTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Nic_rx_takes_exactly_the_frames_the_peer_sends_and_the_stack_sees_none()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        const int count = 200;
        var got = new Dictionary<int, int>();
        long bytes = 0, expectedBytes = 0;
        int stackSaw = Namespaces.Run(lab.NsA, () =>
        {
            using var stackSocket = new UdpClient(new IPEndPoint(IPAddress.Any, Port));
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            Namespaces.Run(lab.NsB, () =>
            {
                using var udp = new UdpClient();
                for (int i = 0; i < count; i++)
                {
                    udp.Send(Frames.Payload(i, 16 + (i % 1400)), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port));
                }
            });
            var sw = Stopwatch.StartNew();
            NetmapRing rx = p.Rx();
            while (got.Count < count && sw.ElapsedMilliseconds < 5000)
            {
                p.Poll(PollEvents.In, 200);
                while (rx.Head != rx.Tail)
                {
                    ReadOnlySpan<byte> payload = Frames.UdpPayload(rx.SlotData(rx.Head), Port);
                    if (payload.Length >= 4)
                    {
                        int seq = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload);
                        Assert.True(payload.SequenceEqual(Frames.Payload(seq, 16 + (seq % 1400))), $"payload {seq} intact");
                        got[seq] = got.GetValueOrDefault(seq) + 1;
                        bytes += rx.SlotData(rx.Head).Length;
                    }

                    rx.Head = rx.Cur = rx.Next(rx.Head);
                }
            }

            p.RxSync();
            return stackSocket.Available;
        });
        for (int i = 0; i < count; i++)
        {
            expectedBytes += 42 + 16 + (i % 1400);
        }

        _out.WriteLine($"NIC RX: {got.Count} distinct of {count}, {bytes} bytes (expected {expectedBytes})");
        Assert.Equal(count, got.Count);
        Assert.All(got.Values, v => Assert.Equal(1, v));
        Assert.Equal(expectedBytes, bytes);
        Assert.Equal(0, stackSaw);
    }

    [Fact]
    public void The_handle_s_file_descriptor_alone_becomes_readable_when_a_frame_arrives()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        (bool before, bool after, long ms) = Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
            bool idle = RawPoll.Readable(p.Handle.FileDescriptor, 300);
            var sender = new Background<int>(() =>
            {
                System.Threading.Thread.Sleep(300);
                return Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient();
                    return udp.Send(Frames.Payload(9, 20), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port));
                });
            });
            var sw = Stopwatch.StartNew();
            bool woke = RawPoll.Readable(p.Handle.FileDescriptor, 5000);
            long waited = sw.ElapsedMilliseconds;
            sender.Join();
            Assert.NotEqual(PollEvents.None, p.Poll(PollEvents.In));
            return (idle, woke, waited);
        });
        _out.WriteLine($"woke after {ms} ms");
        Assert.False(before, "nothing arrived yet");
        Assert.True(after, "a frame from the wire makes the descriptor readable");
        Assert.InRange(ms, 0, 3000);
    }

    [Fact]
    public void Nic_tx_frames_arrive_at_the_peer()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        const int count = 300;
        var seen = new HashSet<int>();
        using var ready = new System.Threading.ManualResetEventSlim();
        var receiver = new Background<int>(() => Namespaces.Run(lab.NsB, () =>
        {
            using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, Port));
            udp.Client.ReceiveTimeout = 3000;
            ready.Set();
            var from = new IPEndPoint(IPAddress.Any, 0);
            try
            {
                while (seen.Count < count)
                {
                    byte[] d = udp.Receive(ref from);
                    int seq = System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(d);
                    if (d.AsSpan().SequenceEqual(Frames.Payload(seq, 20 + (seq % 1000))))
                    {
                        seen.Add(seq);
                    }
                }
            }
            catch (SocketException)
            {
            }

            return seen.Count;
        }));
        Assert.True(ready.Wait(5000));
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            NetmapRing tx = p.Tx();
            for (int i = 0; i < count;)
            {
                // Batches of 50 with a pause: the peer's socket buffer, not the ring, is the limit being avoided.
                for (int batch = 0; batch < 50 && i < count && tx.Head != tx.Tail; batch++)
                {
                    byte[] f = Frames.Udp(lab.MacA, lab.MacB, VethLab.AddrA, VethLab.AddrB, Port, Frames.Payload(i, 20 + (i % 1000)));
                    ref NetmapSlot s = ref tx.Slot(tx.Head);
                    f.CopyTo(tx.Buffer(s.BufIdx));
                    s.Len = (ushort)f.Length;
                    tx.Head = tx.Cur = tx.Next(tx.Head);
                    i++;
                }

                p.Poll(PollEvents.Out, 200);
                System.Threading.Thread.Sleep(5);
            }

            p.TxSync();
        });
        int received = receiver.Join();
        _out.WriteLine($"peer received {received} of {count}; {lab.InB("nstat -az UdpRcvbufErrors UdpInErrors")}");
        Assert.Equal(count, received);
    }
}
