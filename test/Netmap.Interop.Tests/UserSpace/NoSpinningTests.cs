using System;
using System.Diagnostics;
using System.Threading;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Runs alone, so the process's CPU time measures only the waiting poll.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SerialCollection
{
    public const string Name = "user-space netmap, serial";
}

/// <summary>A poll that waits sleeps in the kernel: checked by CPU time consumed, not by wall time.</summary>
[Collection(SerialCollection.Name)]
public sealed class NoSpinningTests : IClassFixture<RendezvousDirectory>
{
    private readonly RendezvousDirectory _dir;

    public NoSpinningTests(RendezvousDirectory dir) => _dir = dir;

    [Fact]
    public void Waiting_poll_uses_almost_no_cpu_until_its_timeout()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1");
        using UsPort s = UsPort.Open(_dir.Backend, parent + "}1");
        s.Poll(PollEvents.In, 0);
        TimeSpan thread0 = ThreadCpuTime.Now();
        var wall = Stopwatch.StartNew();
        Assert.Equal(PollEvents.None, s.Poll(PollEvents.In, 1500));
        TimeSpan thread = ThreadCpuTime.Now() - thread0;
        Assert.True(wall.ElapsedMilliseconds >= 1400, $"poll returned after {wall.ElapsedMilliseconds} ms");
        Assert.True(thread < TimeSpan.FromMilliseconds(50), $"the polling thread used {thread.TotalMilliseconds} ms of CPU");
    }

    [Fact]
    public void A_process_that_only_waits_in_poll_uses_almost_no_cpu()
    {
        // A process of its own, so nothing else this test host runs is counted.
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1");
        using Process peer = PeerProcess.Start("idle", _dir.Path, parent + "}1", 2000);
        string? line = peer.StandardOutput.ReadLine();
        Assert.True(peer.WaitForExit(20_000));
        Assert.True(peer.ExitCode == 0, $"peer exit {peer.ExitCode}: {peer.StandardError.ReadToEnd()}");
        double used = double.Parse(line!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(used < 200, $"the waiting process used {used} ms of CPU in 2 s");
    }

    [Fact]
    public void Waiting_poll_wakes_on_the_peer_and_uses_almost_no_cpu_meanwhile()
    {
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort m = UsPort.Open(_dir.Backend, parent + "{1");
        using UsPort s = UsPort.Open(_dir.Backend, parent + "}1");
        var sender = new Thread(() =>
        {
            Thread.Sleep(1000);
            Packet.Write(m.Tx(), 1);
            m.TxSync();
        });
        TimeSpan thread0 = ThreadCpuTime.Now();
        sender.Start();
        Assert.Equal(PollEvents.In, s.Poll(PollEvents.In, 20_000));
        TimeSpan thread = ThreadCpuTime.Now() - thread0;
        sender.Join();
        Assert.True(thread < TimeSpan.FromMilliseconds(50), $"the polling thread used {thread.TotalMilliseconds} ms of CPU");
        Assert.Equal(1, Packet.Read(s.Rx()));
    }
}
