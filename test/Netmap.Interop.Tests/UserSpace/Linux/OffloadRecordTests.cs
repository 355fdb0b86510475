using System;
using System.Diagnostics;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// FixOffloads across processes and crashes: what was switched off is put back at the interface's last close,
/// whichever process that is, or at the next open when every holder died.
/// </summary>
public sealed class OffloadRecordTests
{
    private const string GroOn = "generic-receive-offload: on";

    [Fact]
    public void Offloads_switched_off_by_a_killed_holder_are_restored_by_the_next_open()
    {
        using var lab = new VethLab();
        lab.InA("ethtool -K a0 gro on");
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        Process peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("holdfix", rv.Path, VethLab.A, 0));
        try
        {
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
            Assert.DoesNotContain(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
        }
        finally
        {
            peer.Kill();
            peer.WaitForExit(5000);
            peer.Dispose();
        }

        Assert.DoesNotContain(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.Sw);

            // This backend does not fix offloads: the restored GRO is now reported.
            Assert.Contains(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
        });
        Assert.Contains("run: ethtool -K a0 gro off", log.All, StringComparison.Ordinal);
        Assert.Contains(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
    }

    [Fact]
    public void Offloads_stay_off_while_another_process_holds_the_interface_and_come_back_at_its_close()
    {
        using var lab = new VethLab(queues: 2);
        lab.InA("ethtool -K a0 gro on");
        using var rv = new RendezvousDirectory();
        using var fixing = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = rv.Path, FixOffloads = true });
        Process peer;
        using (UsPort q0 = Namespaces.Run(lab.NsA, () => UsPort.Open(fixing, VethLab.A, (ref NmReqRegister r) => { r.Mode = (uint)NetmapRegMode.OneNic; r.RingId = 0; })))
        {
            Assert.DoesNotContain(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
            peer = Namespaces.Run(lab.NsA, () => PeerProcess.Start("rxring", rv.Path, VethLab.A, 1));
            Assert.Equal("ready", peer.StandardOutput.ReadLine());
        }

        using (peer)
        {
            Assert.DoesNotContain(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
            peer.StandardOutput.ReadLine();
            Assert.True(peer.WaitForExit(10_000));
            Assert.Equal(0, peer.ExitCode);
        }

        Assert.Contains(GroOn, lab.InA("ethtool -k a0"), StringComparison.Ordinal);
    }
}
