using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop.Tests.UserSpace.Linux;
using Netmap.Interop.UserSpace;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>A worker that falls behind on a real interface: what it never received shows up as named losses.</summary>
public sealed class LossTests
{
    private readonly ITestOutputHelper _out;

    public LossTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void A_worker_that_does_not_keep_up_reports_the_overflow_and_received_plus_lost_is_what_the_peer_sent()
    {
        using var lab = new VethLab();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        string dir = System.IO.Path.Combine("/dev/shm", "netmap-sdk-" + Guid.NewGuid().ToString("N")[..12]);
        using var backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = dir });
        try
        {
            PortTopology topology = Namespaces.Run(lab.NsA, () =>
                PortTopology.Open($"netmap:{VethLab.A}", hostRings: false, new NetmapPortOptions { Backend = backend }));
            try
            {
                using var worker = new PacketWorker<ConstantProcessor>(topology.Rings[0], new ConstantProcessor(Verdict.Drop));
                long txBefore = Counter(lab, "tx_packets");

                // The worker is not running while the peer floods, as if it were stuck: the kernel's queue in front
                // of the ring fills and the rest of the flood is dropped there.
                Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient();
                    var to = new IPEndPoint(IPAddress.Parse(VethLab.AddrA), 4323);
                    byte[] payload = new byte[32];
                    for (int i = 0; i < 4000; i++)
                    {
                        udp.Send(payload, to);
                    }
                });
                System.Threading.Thread.Sleep(300);
                long sent = Counter(lab, "tx_packets") - txBefore;
                var quiet = Stopwatch.StartNew();
                while (quiet.ElapsedMilliseconds < 300)
                {
                    if (worker.Step(10) > 0)
                    {
                        quiet.Restart();
                    }
                }

                worker.Drain();
                TrafficSnapshot s = worker.Counters.Snapshot();
                Dictionary<string, long> metric = LossMetricsTests.Observe(topology.Rings[0].NicPort.Name);
                _out.WriteLine($"sent {sent}, received {s.Received}, rx_ring_full {s.LostRxRingFull}, rx_dropped {s.LostRxDropped}");
                Assert.True(s.LossesKnown);
                Assert.True(s.IsBalanced);
                Assert.True(s.LostRxRingFull + s.LostRxDropped > 0, "the overflow is reported");
                Assert.Equal(sent, s.Received + s.LostRxRingFull + s.LostRxDropped);
                Assert.Equal(s.LostRxDropped, metric["rx_dropped"]);
                Assert.Equal(s.LostRxRingFull, metric["rx_ring_full"]);
            }
            finally
            {
                Namespaces.Run(lab.NsA, topology.Dispose);
            }
        }
        finally
        {
            if (System.IO.Directory.Exists(dir))
            {
                System.IO.Directory.Delete(dir, recursive: true);
            }
        }
    }

    private static long Counter(VethLab lab, string name) =>
        long.Parse(lab.InB($"cat /sys/class/net/{VethLab.B}/statistics/{name}").Trim(), CultureInfo.InvariantCulture);
}
