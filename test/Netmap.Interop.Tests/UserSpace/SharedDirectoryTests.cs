using System.Diagnostics;
using System.Threading;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>Two backends of one process on one rendezvous directory behave as two processes would.</summary>
public sealed class SharedDirectoryTests
{
    [Fact]
    public void Two_backends_of_one_process_on_one_directory_wake_each_other()
    {
        using var dir = new RendezvousDirectory();
        using var second = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = dir.Path });
        string parent = RendezvousDirectory.UniqueParent();
        using UsPort master = UsPort.Open(dir.Backend, parent + "{1");
        using UsPort slave = UsPort.Open(second, parent + "}1");
        var sender = new Thread(() =>
        {
            Thread.Sleep(200);
            Packet.Write(master.Tx(), 7);
            master.TxSync();
        });
        var sw = Stopwatch.StartNew();
        sender.Start();
        PollEvents got = slave.Poll(PollEvents.In, 5000);
        sender.Join();
        Assert.Equal(PollEvents.In, got & PollEvents.In);
        Assert.True(sw.ElapsedMilliseconds < 4000, $"woke after {sw.ElapsedMilliseconds} ms: the master's wake-up did not reach the slave's socket");
    }
}
