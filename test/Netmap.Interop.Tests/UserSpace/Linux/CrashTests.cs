using System;
using System.Diagnostics;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>kill -9 of a process holding an interface port: the next open cleans up and the stack works again.</summary>
public sealed class CrashTests
{

    [Fact]
    public void Killed_holder_leaves_a_redirect_that_the_next_open_removes_and_the_stack_works_again()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        string before = HostRingTests.Snapshot(lab);
        Process peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("hold", rv.Path, VethLab.A, 0));
        try
        {
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
            Assert.False(lab.PingFromB(1), "the holder steals everything");
        }
        finally
        {
            peer.Kill();
            peer.WaitForExit(5000);
            peer.Dispose();
        }

        // The XDP link and the TAP died with the process; the clsact redirect to the vanished TAP did not.
        Assert.Contains("clsact", lab.InA("tc qdisc show dev a0"), StringComparison.Ordinal);
        Assert.False(lab.PingFromB(1), "stale redirect still swallows the replies");
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);
        });

        bool works = lab.PingFromB();
        Assert.True(works, "the stack works again after the next open and close: " + HostRingTests.Snapshot(lab) + lab.InB("ip neigh") + lab.InA("ip neigh"));
        Assert.Equal(before, HostRingTests.Snapshot(lab));
    }
}
