using Netmap.Interop.UserSpace;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>RegionLayout.ForValeParent against netmap_mem_private_new worked by hand (see PrivateRegionTests).</summary>
public sealed class RegionLayoutTests
{
    [Fact]
    public void A_default_request_gives_the_minimum_pools_raised_for_1024_slots()
    {
        RegionLayout l = RegionLayout.ForValeParent(0, 0, 0, 0, 0);
        Assert.Equal((1024u, 12u), (l.IfObjSize, l.IfNum));
        Assert.Equal((20480u, 20u), (l.RingObjSize, l.RingNum));
        Assert.Equal((2048u, 20482u), (l.BufSize, l.BufNum));
        Assert.Equal(42369024UL, l.MemSize);
        Assert.Equal(l.IfNum, l.MaxBindings);
    }

    [Fact]
    public void Requests_are_bounded_as_a_vale_port_before_sizing()
    {
        // rings 256 -> 16, slots 9999 -> 4096, extra buffers capped at 128 x 4096.
        RegionLayout big = RegionLayout.ForValeParent(256, 256, 9999, 9999, 10_000_000);
        Assert.Equal((65792u, 64u), (big.RingObjSize, big.RingNum));
        Assert.Equal(204802u + (128 * 4096), big.BufNum);

        // Few slots keep the minimum pools: 4098 buffers, 20480-byte rings.
        RegionLayout small = RegionLayout.ForValeParent(1, 1, 4, 4, 0);
        Assert.Equal((20480u, 20u, 4098u), (small.RingObjSize, small.RingNum, small.BufNum));
    }
}
