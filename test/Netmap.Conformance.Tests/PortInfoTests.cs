using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>NETMAP_REQ_PORT_INFO_GET: counts without binding.</summary>
public sealed unsafe class PortInfoTests
{
    [Fact]
    public void Port_info_of_the_slave_reports_its_swapped_counts_and_the_shared_region()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) =>
        {
            q.TxRings = 2;
            q.RxRings = 1;
            q.TxSlots = 32;
            q.RxSlots = 64;
        });
        Assert.Equal(0, m.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            var info = new NmReqPortInfoGet();
            NmReqHeader hdr = TestPort.Header(parent + "}1", NetmapReqType.PortInfoGet, &info);
            Assert.Equal(0, m.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal((1, 2, 64u, 32u), (info.TxRings, info.RxRings, info.TxSlots, info.RxSlots));
            Assert.Equal((0, 0), (info.HostTxRings, info.HostRxRings));
            Assert.Equal(m.Reply.MemId, info.MemId);
            Assert.Equal(m.Reply.MemSize, info.MemSize);
            Assert.Equal(Errno.ENXIO, m.Backend.Ioctl(h!, NetmapIoctl.NIOCTXSYNC, null));
        }
    }

    [Fact]
    public void Pools_info_describes_the_region_the_rings_and_buffers_live_in()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => { q.TxSlots = 16; q.RxSlots = 16; });
        Assert.Equal(0, m.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            var pools = new NmReqPoolsInfo();
            NmReqHeader hdr = TestPort.Header(parent + "{1", NetmapReqType.PoolsInfoGet, &pools);
            Assert.Equal(0, m.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal(m.Reply.MemSize, pools.MemSize);
            Assert.Equal(m.Reply.MemId, pools.MemId);
            Assert.Equal(0UL, pools.IfPoolOffset);
            Assert.Equal((ulong)pools.IfPoolObjTotal * pools.IfPoolObjSize, pools.RingPoolOffset);
            Assert.Equal(pools.RingPoolOffset + ((ulong)pools.RingPoolObjTotal * pools.RingPoolObjSize), pools.BufPoolOffset);
            Assert.Equal(pools.BufPoolOffset + ((ulong)pools.BufPoolObjTotal * pools.BufPoolObjSize), pools.MemSize);
            Assert.Equal(2048u, pools.BufPoolObjSize);
            Assert.True(m.Reply.Offset < pools.RingPoolOffset);
            NetmapRing tx = m.Tx();
            long ringOffset = tx.Address - (long)m.Mapping.Address;
            Assert.InRange((ulong)ringOffset, pools.RingPoolOffset, pools.BufPoolOffset - 1);
            Assert.Equal((long)pools.BufPoolOffset, ringOffset + tx.Header.BufOfs);
        }
    }
}
