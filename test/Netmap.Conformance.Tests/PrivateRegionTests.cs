using System.Collections.Generic;
using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>
/// The private region of a pipe parent that is not an interface. netmap_get_pipe_na finds no parent X, so it
/// calls netmap_vi_create(hdr, autodelete) with the pipe's own REGISTER: a persistent VALE port X whose rings,
/// slots and extra buffers are that request's, bounded by netmap_vale_vp_create (rings 1..16, default 1; slots
/// 1..4096, default 1024; extra buffers 0..524288) and written back into it. Its allocator comes from
/// netmap_mem_private_new(txr, txd, rxr, rxd, extra, npipes = 2), with one host placeholder ring more each way:
/// <list type="bullet">
/// <item>if pool: size max(1024, 56 + 8 (txr + rxr)), count max(2, 2 + 4 npipes) = 10;</item>
/// <item>ring pool: size max(5 pages = 20480, 256 + 16 max(txd, rxd)), count max(4, txr + rxr + 8 npipes);</item>
/// <item>buffer pool: 2048 B, count max(4098, (4 npipes + rxr) rxd + (4 npipes + txr) txd + 2 + extra).</item>
/// </list>
/// netmap_config_obj_allocator rounds sizes up to 64 B and counts up to whole clusters (the fewest objects that
/// fill whole pages: 4 ifs of 1024 B, 1 ring of 20480 B, 16 rings of 65792 B, 2 buffers); nr_memsize is the sum
/// of count x size. A bound pipe end takes a ring object for each ring it binds and one for the peer's paired
/// ring (no buffers: the pair shares them), buffers for its own rings, and one netmap_if per handle.
/// </summary>
public sealed unsafe class PrivateRegionTests
{
    // Default request (1 ring, 1024 slots each way, no extra buffers): txr = rxr = 2.
    // if   max(1024, 56 + 8 x 4) = 1024 B x 10 -> 12 (clusters of 4)           =     12288
    // ring max(20480, 256 + 16 x 1024) = 20480 B x (2 + 2 + 16 = 20)          =    409600
    // buf  (8 + 2) x 1024 + (8 + 2) x 1024 + 2 = 20482 (even) x 2048 B         =  41947136
    private const ulong DefaultMemSize = 12288 + 409600 + 41947136; // 42369024

    [Fact]
    public void A_fresh_private_parent_region_has_the_size_netmap_mem_private_new_gives_it()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        Assert.Equal(DefaultMemSize, m.Reply.MemSize);
        NmReqPoolsInfo pools = PoolsInfo(m, parent + "{1");
        Assert.Equal(DefaultMemSize, pools.MemSize);
        Assert.Equal((12u, 1024u), (pools.IfPoolObjTotal, pools.IfPoolObjSize));
        Assert.Equal((20u, 20480u), (pools.RingPoolObjTotal, pools.RingPoolObjSize));
        Assert.Equal((20482u, 2048u), (pools.BufPoolObjTotal, pools.BufPoolObjSize));
    }

    [Theory]
    // Each extra buffer adds one to the buffer count, rounded up to whole 2-buffer clusters (4096 B).
    [InlineData(1u, DefaultMemSize + 4096)]
    [InlineData(100u, DefaultMemSize + (100 * 2048))]
    public void The_private_region_grows_with_the_extra_buffers_of_the_creating_request(uint extra, ulong memSize)
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => q.ExtraBufs = extra);
        Assert.Equal(extra, m.Reply.ExtraBufs);
        Assert.Equal(memSize, m.Reply.MemSize);
    }

    [Fact]
    public void The_private_region_is_sized_from_the_creating_request_bounded_as_a_vale_port()
    {
        // rings=256 is clamped to 16 for the VALE port and written back, so this first pipe has 16 rings; txr = rxr = 17.
        // if   max(1024, 56 + 8 x 34) = 1024 B x 12                            =     12288
        // ring 256 + 16 x 4096 = 65792 B x (17 + 17 + 16 = 50 -> 64, clusters of 16) =   4210688
        // buf  (8 + 17) x 4096 x 2 + 2 = 204802 x 2048 B                        = 419434496
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1", (ref NmReqRegister q) => Shape(ref q, 256, 4096));
        Assert.Equal((16, 16), (m.Reply.TxRings, m.Reply.RxRings));
        Assert.Equal(4096u, m.Reply.TxSlots);
        Assert.Equal(12288UL + 4210688 + 419434496, m.Reply.MemSize);
    }

    [Fact]
    public void Pipes_of_different_slot_counts_share_one_private_parent()
    {
        // The first pipe asks for 4 slots: ring objects stay at the 20480-byte minimum (up to 1264 slots), the
        // ring pool holds 20 of them (4 per bound one-ring pipe: five pipes fit) and the buffer pool its minimum of
        // 4098 (2 x slots per pipe: 8 + 64 + 2048 + 1024 + 128 of the 4096 usable).
        string parent = TestPort.UniqueParent();
        var ports = new List<TestPort>();
        try
        {
            uint[] slots = [4, 32, 1024, 512, 64];
            for (int i = 0; i < slots.Length; i++)
            {
                uint n = slots[i];
                TestPort m = TestPort.Open(parent + "{" + i, (ref NmReqRegister q) => Shape(ref q, 1, n));
                ports.Add(m);
                Assert.Equal((n, n), (m.Reply.TxSlots, m.Reply.RxSlots));
                Assert.Equal(ports[0].Reply.MemId, m.Reply.MemId);
                Assert.Equal(ports[0].Reply.MemSize, m.Reply.MemSize);
                Assert.Equal(n, m.Tx().NumSlots);
            }

            // The slaves add netmap_ifs only: their rings exist since the masters bound.
            for (int i = 0; i < slots.Length; i++)
            {
                ports.Add(TestPort.Open(parent + "}" + i));
                Assert.Equal(slots[i], ports[^1].Rx().NumSlots);
            }

            // One buffer per slot of the masters' rings (the slaves share them), no index twice.
            var seen = new HashSet<uint>();
            foreach (TestPort p in ports[..slots.Length])
            {
                for (uint j = 0; j < p.Tx().NumSlots; j++)
                {
                    Assert.True(seen.Add(p.Tx().Slot(j).BufIdx));
                }

                for (uint j = 0; j < p.Rx().NumSlots; j++)
                {
                    Assert.True(seen.Add(p.Rx().Slot(j).BufIdx));
                }
            }
        }
        finally
        {
            ports.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void A_ring_too_large_for_the_ring_objects_too_few_buffers_or_a_sixth_bound_pipe_gets_enomem()
    {
        string parent = TestPort.UniqueParent();
        var ports = new List<TestPort>();
        try
        {
            ports.Add(TestPort.Open(parent + "{0", (ref NmReqRegister q) => Shape(ref q, 1, 4)));

            // 256 + 16 x 1265 > 20480: netmap_ring_malloc refuses the ring.
            Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "{x", (ref NmReqRegister q) => Shape(ref q, 1, 1265), out _));

            // 4096 usable buffers: 8 + 2528 taken, 1560 left, a 1000-slot pipe needs 2000.
            ports.Add(TestPort.Open(parent + "{1", (ref NmReqRegister q) => Shape(ref q, 1, 1264)));
            Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "{y", (ref NmReqRegister q) => Shape(ref q, 1, 1000), out _));
            for (int i = 2; i < 5; i++)
            {
                ports.Add(TestPort.Open(parent + "{" + i, (ref NmReqRegister q) => Shape(ref q, 1, 4)));
            }

            // 20 ring objects, all taken by five pipes.
            Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "{5", (ref NmReqRegister q) => Shape(ref q, 1, 4), out _));

            // Freeing one pipe makes room again.
            ports[^1].Dispose();
            ports.RemoveAt(ports.Count - 1);
            ports.Add(TestPort.Open(parent + "{5", (ref NmReqRegister q) => Shape(ref q, 1, 4)));
        }
        finally
        {
            ports.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void The_netmap_if_pool_of_a_private_parent_holds_twelve_handles()
    {
        // 10 netmap_ifs asked for, 12 made (clusters of 4): the thirteenth binding has none left.
        string parent = TestPort.UniqueParent();
        var ports = new List<TestPort>();
        try
        {
            ports.Add(TestPort.Open(parent + "{1", (ref NmReqRegister q) => Shape(ref q, 1, 4)));
            for (int i = 1; i < 12; i++)
            {
                ports.Add(TestPort.Open(parent + (i % 2 == 0 ? "{1" : "}1")));
            }

            Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "}1", null, out _));
        }
        finally
        {
            ports.ForEach(p => p.Dispose());
        }
    }

    [Fact]
    public void Absurd_pipes_exhaust_the_private_pools_with_enomem()
    {
        // The first pipe is cut to 16 rings of 4096 slots and takes all 64 ring objects (32 own, 32 peer).
        string parent = TestPort.UniqueParent();
        using TestPort first = TestPort.Open(parent + "{0", (ref NmReqRegister q) => Shape(ref q, 256, 4096));
        Assert.Equal((16, 16), (first.Reply.TxRings, first.Reply.RxRings));

        // Later pipes keep their 256 rings (the parent exists now), and nothing is left for them or for any pipe.
        for (int i = 1; i < 8; i++)
        {
            Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "{" + i, (ref NmReqRegister q) => Shape(ref q, 256, 4096), out _));
        }

        Assert.Equal(Errno.ENOMEM, TestPort.TryOpen(parent + "{9", (ref NmReqRegister q) => Shape(ref q, 1, 4), out _));
    }

    private static void Shape(ref NmReqRegister q, ushort rings, uint slots)
    {
        q.TxRings = q.RxRings = rings;
        q.TxSlots = q.RxSlots = slots;
    }

    private static NmReqPoolsInfo PoolsInfo(TestPort port, string name)
    {
        Assert.Equal(0, port.Backend.Open(out NetmapHandle? h));
        using (h)
        {
            var pools = new NmReqPoolsInfo();
            NmReqHeader hdr = TestPort.Header(name, NetmapReqType.PoolsInfoGet, &pools);
            Assert.Equal(0, port.Backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            return pools;
        }
    }
}
