using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>The errno of each misuse (notes.md §2, §8, §12).</summary>
public sealed unsafe class ErrorTests
{
    private static int RegisterOnce(string name, TestPort.Setup setup, out NmReqHeader header)
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
            setup(ref req);
            NmReqHeader hdr = TestPort.Header(name, NetmapReqType.Register, &req);
            int error = backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr);
            header = hdr;
            return error;
        }
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(2u)]
    [InlineData(3u)]
    [InlineData(5u)]
    [InlineData(6u)]
    [InlineData(8u)]
    [InlineData(9u)]
    public void Pipes_refuse_modes_other_than_all_nic_and_one_nic(uint mode)
    {
        string name = TestPort.UniqueParent() + "{1";
        Assert.Equal(Errno.EINVAL, RegisterOnce(name, (ref NmReqRegister q) => q.Mode = mode, out _));
    }

    [Fact]
    public void One_nic_ringid_beyond_both_counts_is_einval()
    {
        string name = TestPort.UniqueParent() + "{1";
        Assert.Equal(Errno.EINVAL, RegisterOnce(name, (ref NmReqRegister q) => { q.Mode = (uint)NetmapRegMode.OneNic; q.RingId = 1; }, out _));
    }

    [Fact]
    public void Unknown_memory_id_is_einval()
    {
        string name = TestPort.UniqueParent() + "{1";
        Assert.Equal(Errno.EINVAL, RegisterOnce(name, (ref NmReqRegister q) => q.MemId = 65000, out _));
    }

    [Theory]
    [InlineData((ushort)13)]
    [InlineData((ushort)16)]
    public void Versions_outside_14_to_15_are_einval(ushort version)
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
            NmReqHeader hdr = TestPort.Header(TestPort.UniqueParent() + "{1", NetmapReqType.Register, &req);
            hdr.Version = version;
            Assert.Equal(Errno.EINVAL, backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal(version, hdr.Version);
        }
    }

    [Fact]
    public void Non_zero_nr_reserved_is_einval()
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
            NmReqHeader hdr = TestPort.Header(TestPort.UniqueParent() + "{1", NetmapReqType.Register, &req);
            hdr.Reserved = 7;
            Assert.Equal(Errno.EINVAL, backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
        }
    }

    [Fact]
    public void Register_without_body_is_einval_and_leaves_nr_reserved_set()
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            NmReqHeader hdr = TestPort.Header(TestPort.UniqueParent() + "{1", NetmapReqType.Register, null);
            Assert.Equal(Errno.EINVAL, backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal(1u, hdr.Reserved);
        }
    }

    [Fact]
    public void Unknown_request_type_with_a_body_is_einval_with_nr_reserved_set()
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            var req = new NmReqRegister();
            NmReqHeader hdr = TestPort.Header(TestPort.UniqueParent() + "{1", (NetmapReqType)99, &req);
            Assert.Equal(Errno.EINVAL, backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr));
            Assert.Equal(1u, hdr.Reserved);
        }
    }

    [Fact]
    public void Second_register_on_a_bound_handle_is_ebusy()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
        Assert.Equal(Errno.EBUSY, TestPort.Register(m.Backend, m.Handle, parent + "}1", ref req));
    }

    [Fact]
    public void Exclusive_open_conflicts_both_ways()
    {
        string parent = TestPort.UniqueParent();
        using (TestPort shared = TestPort.Open(parent + "{1"))
        {
            Assert.Equal(Errno.EBUSY, TestPort.TryOpen(parent + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.Exclusive, out _));
        }

        string parent2 = TestPort.UniqueParent();
        using TestPort x = TestPort.Open(parent2 + "{1", (ref NmReqRegister q) => q.Flags = (ulong)NetmapRegFlags.Exclusive);
        Assert.Equal(Errno.EBUSY, TestPort.TryOpen(parent2 + "{1", null, out _));
        using TestPort other = TestPort.Open(parent2 + "}1");
    }

    [Fact]
    public void Sync_on_an_unbound_handle_is_enxio_and_mmap_einval()
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            Assert.Equal(Errno.ENXIO, backend.Ioctl(h!, NetmapIoctl.NIOCTXSYNC, null));
            Assert.Equal(Errno.ENXIO, backend.Ioctl(h!, NetmapIoctl.NIOCRXSYNC, null));
            Assert.Equal(Errno.EINVAL, backend.Mmap(h!, 4096, out NetmapMapping? map));
            Assert.Null(map);
        }
    }

    [Fact]
    public void Mmap_longer_than_the_region_is_einval()
    {
        string parent = TestPort.UniqueParent();
        using TestPort m = TestPort.Open(parent + "{1");
        Assert.Equal(Errno.EINVAL, m.Backend.Mmap(m.Handle, m.Reply.MemSize + 4096, out NetmapMapping? map));
        Assert.Null(map);
    }

    [Fact]
    public void Pipe_name_without_id_or_parent_is_einval()
    {
        Assert.Equal(Errno.EINVAL, RegisterOnce(TestPort.UniqueParent() + "{", (ref NmReqRegister q) => { }, out _));
        Assert.Equal(Errno.EINVAL, RegisterOnce("}1", (ref NmReqRegister q) => { }, out _));
    }

    [Fact]
    public void A_failed_register_leaves_the_body_as_the_caller_wrote_it()
    {
        string name = TestPort.UniqueParent() + "{1";
        var req = new NmReqRegister { Mode = 9, Offset = 12345, MemSize = 777, TxSlots = 3, ExtraBufs = 5 };
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            Assert.Equal(Errno.EINVAL, TestPort.Register(backend, h!, name, ref req));
        }

        Assert.Equal((12345UL, 777UL, 3u, 5u), (req.Offset, req.MemSize, req.TxSlots, req.ExtraBufs));
    }
}
