using System;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Threading;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// Syncs and polls of interface rings only one process can hold do not take the directory's lock, so another
/// process holding it (a REGISTER, a sync of a pipe, a host TX ring) does not stall them; host TX rings, which
/// several processes may share, still wait for it.
/// </summary>
public sealed class SyncGateTests
{
    private const ushort Port = 6200;

    [Fact]
    public void Nic_ring_syncs_and_poll_go_on_while_another_process_holds_the_directory_lock_and_host_tx_waits()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort nic = UsPort.Open(rv.Backend, VethLab.A);
            using UsPort host = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
            using Process peer = PeerProcess.Start("lock", rv.Path, "unused", 0);
            try
            {
                Assert.Equal("ready", peer.StandardOutput.ReadLine());
                Namespaces.Run(lab.NsB, () =>
                {
                    using var udp = new UdpClient();
                    udp.Send(Frames.Payload(5, 40), new IPEndPoint(IPAddress.Parse(VethLab.AddrA), Port));
                });

                var sw = Stopwatch.StartNew();
                Assert.Equal(0, nic.TxSync());
                Assert.NotEqual(PollEvents.None, nic.Poll(PollEvents.In, 2000) & PollEvents.In);
                Assert.Equal(0, nic.RxSync());
                Assert.True(sw.ElapsedMilliseconds < 1500, $"NIC ring syncs took {sw.ElapsedMilliseconds} ms behind the lock holder");

                int done = -1;
                var hostSync = new Thread(() => done = host.TxSync());
                hostSync.Start();
                Assert.False(hostSync.Join(300), "a host TX ring sync must wait for the directory's lock");
                peer.Kill();
                Assert.True(hostSync.Join(10_000));
                Assert.Equal(0, done);
            }
            finally
            {
                if (!peer.HasExited)
                {
                    peer.Kill();
                }

                peer.WaitForExit(5000);
            }
        });
    }
}
