using System.IO;
using Netmap.Interop.Kernel;
using Xunit;

namespace Netmap.Interop.Tests.Seam;

/// <summary>The kernel backend's real system calls, on what this machine has (no netmap module here).</summary>
public sealed unsafe class KernelBackendTests
{
    [Fact]
    public void Open_of_a_missing_device_returns_ENOENT()
    {
        var backend = new KernelNetmapBackend("/nonexistent/netmap");
        Assert.Equal(Errno.ENOENT, backend.Open(out NetmapHandle? handle));
        Assert.Null(handle);
    }

    [Fact]
    public void Open_of_dev_netmap_matches_what_the_machine_has()
    {
        int error = NetmapBackends.Kernel.Open(out NetmapHandle? handle);
        using (handle)
        {
            Assert.Equal(File.Exists(NetmapApi.DeviceName) ? 0 : Errno.ENOENT, error);
        }
    }

    [Fact]
    public void Registering_through_a_missing_device_says_to_load_netmap_or_use_the_user_space_one()
    {
        var options = new NetmapOpenOptions { Backend = new KernelNetmapBackend("/nonexistent/netmap") };
        var e = Assert.Throws<NetmapException>(() => NetmapPortDescriptor.Open("netmap:eth0", options));
        Assert.Equal(NetmapStep.Open, e.Step);
        Assert.Equal(Errno.ENOENT, e.Errno);
        Assert.Contains("modprobe netmap", e.Message, System.StringComparison.Ordinal);
        Assert.Contains("NETMAP_BACKEND=userspace", e.Message, System.StringComparison.Ordinal);
    }

    [Fact]
    public void Errno_of_a_failed_ioctl_is_preserved()
    {
        // /dev/null opens like a device but knows no netmap ioctl: the kernel answers ENOTTY.
        var backend = new KernelNetmapBackend("/dev/null");
        Assert.Equal(0, backend.Open(out NetmapHandle? handle));
        using (handle)
        {
            NmReqHeader header = default;
            Assert.Equal(Errno.ENOTTY, backend.Ioctl(handle!, NetmapIoctl.NIOCCTRL, &header));
            Assert.Equal(Errno.ENOTTY, backend.Ioctl(handle!, NetmapIoctl.NIOCTXSYNC, null));
        }
    }

    [Fact]
    public void Mmap_errno_is_preserved()
    {
        // /dev/null cannot be mapped: ENODEV.
        var backend = new KernelNetmapBackend("/dev/null");
        Assert.Equal(0, backend.Open(out NetmapHandle? handle));
        using (handle)
        {
            Assert.Equal(Errno.ENODEV, backend.Mmap(handle!, 4096, out NetmapMapping? mapping));
            Assert.Null(mapping);
        }
    }

    [Fact]
    public void Poll_reports_readiness_of_real_descriptors()
    {
        var backend = new KernelNetmapBackend("/dev/null");
        Assert.Equal(0, backend.Open(out NetmapHandle? handle));
        using (handle)
        {
            NetmapPollFd[] fds = [new NetmapPollFd(handle!, PollEvents.In | PollEvents.Out)];
            Assert.Equal(0, backend.Poll(fds, 0, out int ready));
            Assert.Equal(1, ready);
            Assert.Equal(PollEvents.In | PollEvents.Out, fds[0].Revents);
        }
    }

    [Fact]
    public void Closing_the_handle_closes_the_descriptor()
    {
        var backend = new KernelNetmapBackend("/dev/null");
        Assert.Equal(0, backend.Open(out NetmapHandle? handle));
        int fd = handle!.FileDescriptor;
        Assert.True(File.Exists($"/proc/self/fd/{fd}"));
        handle.Dispose();
        Assert.True(handle.IsClosed);
    }
}
