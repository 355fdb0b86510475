using System;
using System.Diagnostics;
using System.IO;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Pipes between two processes, and a process killed with SIGKILL while it holds a pipe end.</summary>
public sealed class CrossProcessTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public CrossProcessTests(RendezvousDirectory dir) => _dir = dir;

    [Fact]
    public void Another_process_sends_sequenced_packets_that_arrive_in_order_and_intact()
    {
        const int count = 20_000;
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort slave = UsPort.Open(_dir.Backend, parent + "}1", (ref NmReqRegister q) => { q.TxSlots = 256; q.RxSlots = 256; });
        using Process peer = PeerProcess.Start("send", _dir.Path, parent + "{1", count);
        NetmapRing rx = slave.Rx();
        int expected = 0;
        while (expected < count)
        {
            PollEvents ready = slave.Poll(PollEvents.In, 10_000);
            Assert.True(ready == PollEvents.In, $"no packet within 10 s after {expected} (peer: {(peer.HasExited ? peer.StandardError.ReadToEnd() : "running")})");
            while (!rx.IsEmpty)
            {
                Assert.Equal(expected, Packet.Read(rx));
                expected++;
            }
        }

        Assert.True(peer.WaitForExit(10_000));
        Assert.Equal(0, peer.ExitCode);
        Assert.Equal(0, slave.RxSync());
        Assert.True(rx.IsEmpty);
    }

    [Fact]
    public void Killing_the_holder_of_an_end_leaves_the_survivor_working_and_the_end_reopenable_as_it_was()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort slave = UsPort.Open(_dir.Backend, parent + "}1", (ref NmReqRegister q) => { q.TxSlots = 64; q.RxSlots = 64; });
        using (Process peer = PeerProcess.Start("hold", _dir.Path, parent + "{1", 10))
        {
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
            peer.Kill();
            Assert.True(peer.WaitForExit(10_000));
        }

        Assert.Equal(0, slave.RxSync());
        NetmapRing rx = slave.Rx();
        for (int i = 0; i < 10; i++)
        {
            Assert.Equal(i, Packet.Read(rx));
        }

        Packet.Write(slave.Tx(), 77);
        Assert.Equal(0, slave.TxSync());
        Assert.Equal(0, slave.RxSync());

        // The dead binding was exclusive; the sweep of dead owners releases it, and the rings are as it left them.
        using UsPort master = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.Exclusive);
        NetmapRing tx = master.Tx();
        Assert.Equal(10u, tx.Head);
        Assert.Equal(0, master.TxSync());
        Assert.Equal(9u, tx.Tail);
        Assert.Equal(0, master.RxSync());
        Assert.Equal(77, Packet.Read(master.Rx()));
    }

    [Fact]
    public void Killing_the_only_user_of_a_pipe_lets_the_next_open_start_fresh_and_cleans_its_region()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using (Process peer = PeerProcess.Start("hold", _dir.Path, parent + "{1", 3))
        {
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
            peer.Kill();
            Assert.True(peer.WaitForExit(10_000));
        }

        int before = Directory.GetFiles(_dir.Path, "mem*.region").Length;
        using (UsPort master = UsPort.Open(_dir.Backend, parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.Exclusive))
        {
            Assert.Equal(0u, master.Tx().Head);
            Assert.Equal(0, master.TxSync());
        }

        Assert.True(Directory.GetFiles(_dir.Path, "mem*.region").Length < before);
    }

    [Fact]
    public void Killing_a_sender_mid_transfer_leaves_an_intact_prefix_and_a_reopened_sender_continues_the_stream()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort slave = UsPort.Open(_dir.Backend, parent + "}1", (ref NmReqRegister q) => { q.TxSlots = 64; q.RxSlots = 64; });
        NetmapRing rx = slave.Rx();
        int expected = 0;
        using (Process peer = PeerProcess.Start("send", _dir.Path, parent + "{1", int.MaxValue))
        {
            while (expected < 5000)
            {
                Assert.Equal(PollEvents.In, slave.Poll(PollEvents.In, 10_000));
                while (!rx.IsEmpty && expected < 5000)
                {
                    Assert.Equal(expected++, Packet.Read(rx));
                }
            }

            peer.Kill();
            Assert.True(peer.WaitForExit(10_000));
        }

        // Whatever the dead sender published is still there, intact and in order.
        while ((slave.Poll(PollEvents.In, 200) & PollEvents.In) != 0)
        {
            while (!rx.IsEmpty)
            {
                Assert.Equal(expected++, Packet.Read(rx));
            }
        }

        // The reopened end finds the rings as they were: slots the dead process wrote but never synced go out first.
        using UsPort master = UsPort.Open(_dir.Backend, parent + "{1");
        NetmapRing tx = master.Tx();
        Assert.Equal(0, master.TxSync());
        for (int i = 0; i < 10; i++)
        {
            Packet.Write(tx, 1_000_000 + i);
        }

        Assert.Equal(0, master.TxSync());
        int fresh = 0;
        while (fresh < 10)
        {
            Assert.Equal(PollEvents.In, slave.Poll(PollEvents.In, 5000));
            while (!rx.IsEmpty)
            {
                int seq = Packet.Read(rx);
                if (seq == 1_000_000 + fresh)
                {
                    fresh++;
                }
                else
                {
                    Assert.Equal(0, fresh);
                    Assert.Equal(expected++, seq);
                }
            }
        }
    }

    [Fact]
    public void A_process_killed_while_holding_the_lock_does_not_wedge_the_others()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort warm = UsPort.Open(_dir.Backend, parent + "{1");
        using Process peer = PeerProcess.Start("lock", _dir.Path, parent + "}1", 0);
        Assert.Equal("ready", peer.StandardOutput.ReadLine());
        UsPort? slave = null;
        var opener = new System.Threading.Thread(() => slave = UsPort.Open(_dir.Backend, parent + "}1"));
        opener.Start();
        Assert.False(opener.Join(300), "the open should wait for the lock holder");
        peer.Kill();
        Assert.True(peer.WaitForExit(10_000));
        Assert.True(opener.Join(10_000), "the open is still blocked after the lock holder died");
        using (slave)
        {
            Assert.NotNull(slave);
            Assert.Equal(warm.Reply.MemId, slave!.Reply.MemId);
        }
    }
}
