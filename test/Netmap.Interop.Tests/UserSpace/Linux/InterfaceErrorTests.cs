using System;
using Netmap.Interop;
using Netmap.Interop.UserSpace;
using Netmap.Interop.UserSpace.Linux;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>REGISTER on an interface that is missing, already carries something we cannot share, or has a too large MTU.</summary>
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

    [Fact]
    public void A_clsact_qdisc_already_present_is_EBUSY_naming_it_and_is_left_alone()
    {
        using var lab = new VethLab();
        lab.InA("tc qdisc add dev a0 clsact");
        string before = HostRingTests.Snapshot(lab);
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));
        Assert.Equal(Errno.EBUSY, error);
        Assert.Contains("clsact", log.All, StringComparison.Ordinal);
        Assert.Equal(before, HostRingTests.Snapshot(lab));
    }

    [Fact]
    public void An_ingress_qdisc_already_present_is_EBUSY_naming_it()
    {
        using var lab = new VethLab();
        lab.InA("tc qdisc add dev a0 ingress");
        var log = new LogCapture();
        using var rv = new LoggedRendezvous(log);
        int error = Namespaces.Run(lab.NsA, () => UsPort.TryOpen(rv.Backend, VethLab.A, null, out _));
        Assert.Equal(Errno.EBUSY, error);
        Assert.Contains("ingress qdisc", log.All, StringComparison.Ordinal);
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

    /// <summary>A rendezvous directory whose backend logs into <see cref="LogCapture"/>.</summary>
    private sealed class LoggedRendezvous : IDisposable
    {
        private readonly string _path = System.IO.Path.Combine("/dev/shm", "netmap-test-" + Guid.NewGuid().ToString("N")[..12]);

        public LoggedRendezvous(LogCapture log) =>
            Backend = new UserSpaceNetmapBackend(new UserSpaceNetmapOptions { RendezvousDirectory = _path, Logger = log });

        public UserSpaceNetmapBackend Backend { get; }

        public void Dispose()
        {
            Backend.Dispose();
            if (System.IO.Directory.Exists(_path))
            {
                System.IO.Directory.Delete(_path, recursive: true);
            }
        }
    }
}
