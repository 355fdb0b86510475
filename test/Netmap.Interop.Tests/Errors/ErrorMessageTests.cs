using Xunit;

namespace Netmap.Interop.Tests.Errors;

public sealed class ErrorMessageTests
{
    [Theory]
    [InlineData(NetmapStep.Open, Errno.ENOENT, "modprobe netmap", "NETMAP_BACKEND=userspace")]
    [InlineData(NetmapStep.Open, Errno.EACCES, "root", "/dev/netmap")]
    [InlineData(NetmapStep.Open, Errno.EACCES, "NETMAP_USERSPACE_DIR", "its log says which")]
    [InlineData(NetmapStep.Open, Errno.EPERM, "root", "/dev/netmap")]
    [InlineData(NetmapStep.Register, Errno.ENXIO, "no such interface", "ip link show")]
    [InlineData(NetmapStep.Register, Errno.EBUSY, "NR_EXCLUSIVE", "already bound")]
    [InlineData(NetmapStep.Register, Errno.EINVAL, "ring id", "host rings")]
    [InlineData(NetmapStep.ParseName, Errno.EINVAL, "port name", "README")]
    [InlineData(NetmapStep.Register, Errno.EOPNOTSUPP, "not supported", "option")]
    [InlineData(NetmapStep.Register, Errno.ENOMEM, "memory", "extra buffers")]
    [InlineData(NetmapStep.Register, Errno.EMSGSIZE, "4096", "options")]
    [InlineData(NetmapStep.Sync, Errno.ENXIO, "not bound", "register")]
    [InlineData(NetmapStep.Sync, Errno.EIO, "stopped", "reopen")]
    public void Each_errno_says_what_happened_and_what_to_do(NetmapStep step, int errno, string what, string todo)
    {
        var e = new NetmapException(step, errno, "netmap:eth9");
        Assert.Contains(what, e.Message, System.StringComparison.OrdinalIgnoreCase);
        Assert.Contains(todo, e.Message, System.StringComparison.OrdinalIgnoreCase);
        Assert.Contains("netmap:eth9", e.Message, System.StringComparison.Ordinal);
        Assert.Contains(Errno.Name(errno), e.Message, System.StringComparison.Ordinal);
        Assert.Equal(errno, e.Errno);
        Assert.Equal(step, e.Step);
        Assert.Equal("netmap:eth9", e.PortName);
    }

    [Fact]
    public void Detail_from_the_caller_is_part_of_the_message()
    {
        var e = new NetmapException(NetmapStep.Mmap, Errno.EINVAL, "netmap:p{1", "mmap of 4096 bytes of region 3");
        Assert.Contains("mmap of 4096 bytes of region 3", e.Message, System.StringComparison.Ordinal);
        Assert.StartsWith("mapping the memory region of port 'netmap:p{1' failed with EINVAL (22)", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Unknown_errno_values_are_named_by_number()
    {
        Assert.Equal("errno 200", Errno.Name(200));
        Assert.Contains("errno 200", new NetmapException(NetmapStep.Poll, 200, null).Message, System.StringComparison.Ordinal);
    }
}
