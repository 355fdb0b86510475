using System;
using Xunit;

namespace Netmap.Interop.Tests.Registration;

/// <summary>Registration above the seam (nmport_open_desc's job), run on the user-space netmap's pipes.</summary>
public sealed unsafe class PortDescriptorTests
{
    private static readonly NetmapOpenOptions UserSpace = new() { Backend = NetmapBackends.UserSpace };

    private static string Parent() => "r" + Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public void Open_registers_maps_and_finds_the_bound_rings()
    {
        string parent = Parent();
        using var master = NetmapPortDescriptor.Open($"netmap:{parent}{{1@conf:rings=3", UserSpace);
        Assert.Equal(3, master.TxRings);
        Assert.Equal(3, master.RxRings);
        Assert.Equal(0, master.HostTxRings);
        Assert.Equal((0, 2), (master.FirstTxRing, master.LastTxRing));
        Assert.Equal((0, 2), (master.FirstRxRing, master.LastRxRing));
        Assert.Equal($"{parent}{{1", master.Interface.Name);
        Assert.True(master.MemId > 1);

        using var one = NetmapPortDescriptor.Open($"netmap:{parent}}}1-1", UserSpace);
        Assert.Equal((1, 1), (one.FirstTxRing, one.LastTxRing));
        Assert.Equal((1, 1), (one.FirstRxRing, one.LastRxRing));
        Assert.False(one.Interface.HasTxRing(0));
    }

    [Fact]
    public void Ports_of_one_region_share_one_mapping_until_the_last_closes()
    {
        string parent = Parent();
        var a = NetmapPortDescriptor.Open($"netmap:{parent}{{1", UserSpace);
        var b = NetmapPortDescriptor.Open($"netmap:{parent}}}1", UserSpace);
        Assert.True(a.RegionBase == b.RegionBase);
        Assert.Equal(2, NetmapRegionMaps.Users(NetmapBackends.UserSpace, a.MemId));
        a.Dispose();
        Assert.Equal(1, NetmapRegionMaps.Users(NetmapBackends.UserSpace, b.MemId));
        Assert.Equal(0u, b.Interface.Header.Flags & ~1u); // still mapped and readable
        b.Dispose();
        Assert.Equal(0, NetmapRegionMaps.Users(NetmapBackends.UserSpace, b.MemId));
    }

    [Fact]
    public void Share_looks_up_the_other_ports_region()
    {
        string parent = Parent();
        using var first = NetmapPortDescriptor.Open($"netmap:{parent}{{1", UserSpace);
        using var second = NetmapPortDescriptor.Open($"netmap:{parent}{{2@share=netmap:{parent}{{1", UserSpace);
        Assert.Equal(first.MemId, second.MemId);
        Assert.Equal(first.MemId, NetmapPortDescriptor.GetPortInfo($"netmap:{parent}{{1", NetmapBackends.UserSpace).MemId);
    }

    [Fact]
    public void A_refused_register_is_a_netmap_exception_with_step_errno_and_advice()
    {
        string parent = Parent();
        using var exclusive = NetmapPortDescriptor.Open($"netmap:{parent}{{1/x", UserSpace);
        var busy = Assert.Throws<NetmapException>(() => NetmapPortDescriptor.Open($"netmap:{parent}{{1", UserSpace));
        Assert.Equal((NetmapStep.Register, Errno.EBUSY), (busy.Step, busy.Errno));
        Assert.Contains("NR_EXCLUSIVE", busy.Message, StringComparison.Ordinal);

        var hostRings = Assert.Throws<NetmapException>(() => NetmapPortDescriptor.Open($"netmap:{parent}{{2*", UserSpace));
        Assert.Equal((NetmapStep.Register, Errno.EINVAL), (hostRings.Step, hostRings.Errno));

        var badName = Assert.Throws<NetmapPortNameException>(() => NetmapPortDescriptor.Open("netmap:eth0-x", UserSpace));
        Assert.Equal(12, badName.Position);
    }

    [Fact]
    public void Extmem_is_refused_with_a_clear_message_not_ignored()
    {
        var e = Assert.Throws<NetmapException>(() => NetmapPortDescriptor.Open($"netmap:{Parent()}{{1@extmem=/tmp/x", UserSpace));
        Assert.Equal(Errno.EOPNOTSUPP, e.Errno);
        Assert.Contains("@extmem", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Syncing_a_disposed_descriptor_is_an_object_disposed_error()
    {
        var d = NetmapPortDescriptor.Open($"netmap:{Parent()}{{1", UserSpace);
        d.Dispose();
        Assert.Throws<ObjectDisposedException>(d.TxSync);
        d.Dispose(); // idempotent
    }
}
