using System;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Netmap.Interop.UserSpace.Linux;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>REGISTER on an interface that is missing, already carries something we cannot share (an XDP program), or has a too large MTU; tc qdiscs are shared.</summary>
public sealed class InterfaceErrorTests
{
    [Fact]
    public void Missing_interface_is_ENXIO_with_the_list_of_interfaces()
    {
        using var lab = new VethLab();
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, "nosuch0", null, out _));
        Assert.Equal(Errno.ENXIO, error);
        Assert.Contains("nosuch0", log.All, StringComparison.Ordinal);
        Assert.Contains("lo, a0", log.All, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("tc qdisc add dev a0 clsact", "tc filter add dev a0 egress prio 5 u32 match ip dst 198.18.0.2/32 classid 1:5")]
    [InlineData("tc qdisc add dev a0 ingress", "tc filter add dev a0 parent ffff: prio 6 u32 match ip src 198.18.0.2/32 classid 1:6")]
    public void A_clsact_or_ingress_qdisc_already_present_is_shared_and_left_exactly_as_it_was(string qdisc, string filter)
    {
        using var lab = new VethLab();
        lab.InA(qdisc);
        lab.InA(filter);
        string before = HostRingTests.Snapshot(lab) + lab.InA("tc filter show dev a0 egress") + lab.InA("tc filter show dev a0 ingress");
        Assert.Contains("u32", before, StringComparison.Ordinal);
        using var rv = new RendezvousDirectory();
        using (var fwd = new HostForwarder(lab, rv.Backend))
        {
            Assert.True(lab.PingFromB(), "ping through the host rings beside the user's qdisc");
            Assert.True(fwd.Frames > 0);
        }

        HostRingTests.AssertRestored(lab, before, () => lab.InA("tc filter show dev a0 egress") + lab.InA("tc filter show dev a0 ingress"));
        Assert.True(lab.PingFromB());
    }

    [Fact]
    public void An_xdp_program_already_attached_is_EBUSY_naming_it()
    {
        using var lab = new VethLab();
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        int error = Namespaces.Run(lab.NsA, () =>
        {
            Assert.Equal(0, XdpSteal.Attach(InterfaceInfo.Index(VethLab.A), 1, out XdpSteal? other, out _, "someones_prog"));
            using (other)
            {
                return UsPort.TryOpen(rv.Backend, VethLab.A, null, out _);
            }
        });
        Assert.Equal(Errno.EBUSY, error);
        Assert.Contains("XDP program", log.All, StringComparison.Ordinal);
        Assert.Contains("name someones_prog", log.All, StringComparison.Ordinal);
        Assert.Equal(string.Empty, lab.InA("tc qdisc show dev a0 | grep -v noqueue || true").Trim());
    }

    [Fact]
    public void Mtu_above_the_buffer_size_is_EINVAL()
    {
        using var lab = new VethLab();
        lab.InA("ip link set dev a0 mtu 3000");
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));
        Assert.Equal(Errno.EINVAL, error);
        Assert.Contains("MTU 3000", log.All, StringComparison.Ordinal);
    }

    [Fact]
    public void Offloads_that_corrupt_the_rings_are_reported_with_the_ethtool_command()
    {
        using var lab = new VethLab();
        lab.InA("ethtool -K a0 gro on");
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
        });
        Assert.Contains("ethtool -K a0 gro off", log.All, StringComparison.Ordinal);
    }
}
