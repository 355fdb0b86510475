using System;
using System.Diagnostics;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>kill -9 of a process holding an interface port: nothing stays installed, the stack works at once, the next open gets the rings.</summary>
public sealed class CrashTests
{

    [Fact]
    public void Killed_holder_leaves_nothing_behind_and_the_stack_works_at_once()
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

        // The XDP and tcx links, AF_XDP sockets and TAPs all die with the process's descriptors.
        Assert.True(lab.PingFromB(), "the stack works without any open: " + HostRingTests.Snapshot(lab));
        HostRingTests.AssertRestored(lab, before);

        // Its binding is swept at the next REGISTER, which gets every ring.
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.NicSw; r.Flags = (ulong)NetmapRegFlags.Exclusive; });
        });
        Assert.True(lab.PingFromB());
        HostRingTests.AssertRestored(lab, before);
    }
}
