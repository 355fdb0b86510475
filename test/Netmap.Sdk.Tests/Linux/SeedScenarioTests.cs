using System;
using System.Collections.Generic;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Netmap.Interop;
using Netmap.Interop.Tests.UserSpace.Linux;
using Netmap.Interop.UserSpace;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>
/// The seed's scenario on a real interface through the SDK and the user-space netmap: a UDP flood to port 4321 is
/// claimed, every other flood packet is handed back to the kernel, everything else goes to the kernel, and the
/// kernel keeps answering ping.
/// </summary>
public sealed class SeedScenarioTests
{
    private const ushort FloodPort = 4321;
    private readonly ITestOutputHelper _out;

    public SeedScenarioTests(ITestOutputHelper output) => _out = output;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void Flood_is_halved_and_the_kernel_keeps_answering_ping(int queues)
    {
        using var lab = new VethLab(queues);
        string dir = System.IO.Path.Combine("/dev/shm", "netmap-sdk-" + Guid.NewGuid().ToString("N")[..12]);
        using var backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = dir });
        try
        {
            (PortTopology topology, NetmapWorkerGroup group) = Namespaces.Run(lab.NsA, () =>
            {
                PortTopology t = PortTopology.Open($"netmap:{VethLab.A}", hostRings: true, new NetmapPortOptions { Backend = backend });
                var workers = new List<PacketWorker<EveryOtherFloodPacketToHost>>();
                foreach (WorkerRings r in t.Rings)
                {
                    workers.Add(new PacketWorker<EveryOtherFloodPacketToHost>(r, default));
                }

                return (t, NetmapWorkerGroup.Start(workers));
            });
            int stackGot;
            try
            {
                int stop = 0;
                var counter = new Background<int>(() => Namespaces.Run(lab.NsA, () =>
                {
                    using var udp = new UdpClient(new IPEndPoint(IPAddress.Any, FloodPort));
                    udp.Client.ReceiveTimeout = 200;
                    var from = new IPEndPoint(IPAddress.Any, 0);
                    int n = 0;
                    while (Volatile.Read(ref stop) == 0)
                    {
                        try
                        {
                            udp.Receive(ref from);
                            n++;
                        }
                        catch (SocketException)
                        {
                        }
                    }

                    return n;
                }));
                Thread.Sleep(300);
                var flood = new Background<int>(() => Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient();
                    var to = new IPEndPoint(IPAddress.Parse(VethLab.AddrA), FloodPort);
                    byte[] payload = new byte[18];
                    int sent = 0;
                    for (; sent < 2000; sent++)
                    {
                        udp.Send(payload, to);
                        if (sent % 100 == 0)
                        {
                            Thread.Sleep(10);
                        }
                    }

                    return sent;
                }));
                Assert.True(lab.PingFromB(), "ping during the flood");
                int sentFlood = flood.Join();
                Thread.Sleep(300);
                Volatile.Write(ref stop, 1);
                stackGot = counter.Join();
                _out.WriteLine($"{queues} queue(s): flood {sentFlood} datagrams, the kernel's socket got {stackGot}");
                Assert.InRange(stackGot, sentFlood * 4 / 10, sentFlood * 6 / 10);
            }
            finally
            {
                group.Dispose();
                Namespaces.Run(lab.NsA, topology.Dispose);
            }

            Assert.True(lab.PingFromB(), "ping after close");
            Assert.Equal(string.Empty, lab.InA("tc qdisc show dev a0 | grep -v noqueue || true").Trim());
        }
        finally
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
    }

    /// <summary>Flood packets alternate between dropped and passed to the kernel; all other traffic goes to the kernel.</summary>
    private struct EveryOtherFloodPacketToHost : IPacketProcessor
    {
        private int _flood;

        public void OnBatch(int slotsAvailable)
        {
        }

        public Verdict Process(in Packet packet)
        {
            Span<byte> d = packet.Data;
            bool isFlood = d.Length >= 42 && d[12] == 0x08 && d[13] == 0 && d[23] == 17 && ((d[36] << 8) | d[37]) == FloodPort;
            return isFlood && (_flood++ & 1) == 0 ? Verdict.Drop : Verdict.ToHost;
        }

        public Verdict ProcessFromHost(in Packet packet) => Verdict.Transmit;
    }
}
