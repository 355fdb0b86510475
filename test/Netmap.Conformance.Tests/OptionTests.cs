using Netmap.Interop;
using Xunit;

namespace Netmap.Conformance.Tests;

/// <summary>The option chain of NIOCCTRL: nro_status per option, EOPNOTSUPP, EINVAL, EMSGSIZE (notes.md §2).</summary>
public sealed unsafe class OptionTests
{
    private static int RegisterWith(NmReqOption* first, out NmReqHeader header)
    {
        INetmapBackend backend = TestPort.DefaultBackend;
        Assert.Equal(0, backend.Open(out NetmapHandle? h));
        using (h)
        {
            var req = new NmReqRegister { Mode = (uint)NetmapRegMode.AllNic };
            NmReqHeader hdr = TestPort.Header(TestPort.UniqueParent() + "{1", NetmapReqType.Register, &req);
            hdr.Options = (ulong)first;
            int error = backend.Ioctl(h!, NetmapIoctl.NIOCCTRL, &hdr);
            header = hdr;
            return error;
        }
    }

    [Fact]
    public void Unknown_option_fails_register_with_eopnotsupp_in_its_status()
    {
        var opt = new NmReqOption { ReqType = 100 };
        Assert.Equal(Errno.EOPNOTSUPP, RegisterWith(&opt, out NmReqHeader hdr));
        Assert.Equal((uint)Errno.EOPNOTSUPP, opt.Status);
        Assert.Equal((ulong)&opt, hdr.Options);
        Assert.Equal(0u, hdr.Reserved);
    }

    [Fact]
    public void Option_type_zero_is_einval()
    {
        var opt = new NmReqOption { ReqType = 0 };
        Assert.Equal(Errno.EINVAL, RegisterWith(&opt, out _));
    }

    [Fact]
    public void Options_beyond_4096_bytes_are_emsgsize()
    {
        const int count = 200;
        NmReqOption* opts = stackalloc NmReqOption[count];
        for (int i = 0; i < count; i++)
        {
            opts[i] = new NmReqOption { ReqType = 100, Next = i + 1 < count ? (ulong)(opts + i + 1) : 0 };
        }

        Assert.Equal(Errno.EMSGSIZE, RegisterWith(opts, out _));
    }
}
