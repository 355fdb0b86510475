using System;
using System.IO;
using Xunit;

namespace Netmap.Interop.Tests.Seam;

public sealed class BackendSelectionTests
{
    [Theory]
    [InlineData("kernel", NetmapBackendKind.Kernel)]
    [InlineData("KERNEL", NetmapBackendKind.Kernel)]
    [InlineData("userspace", NetmapBackendKind.UserSpace)]
    [InlineData("user-space", NetmapBackendKind.UserSpace)]
    public void NETMAP_BACKEND_overrides_detection(string value, NetmapBackendKind expected)
    {
        NetmapBackendSelection s = NetmapBackends.Select(NetmapBackendPreference.Auto, value, "/nonexistent/netmap");
        Assert.Equal(expected, s.Kind);
        Assert.Contains("NETMAP_BACKEND", s.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Missing_device_selects_the_user_space_netmap_and_says_why()
    {
        NetmapBackendSelection s = NetmapBackends.Select(NetmapBackendPreference.Auto, "auto", "/nonexistent/netmap");
        Assert.Equal(NetmapBackendKind.UserSpace, s.Kind);
        Assert.Contains("/nonexistent/netmap does not exist", s.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Present_device_selects_the_kernel()
    {
        string device = Path.GetTempFileName();
        try
        {
            NetmapBackendSelection s = NetmapBackends.Select(NetmapBackendPreference.Auto, "auto", device);
            Assert.Equal(NetmapBackendKind.Kernel, s.Kind);
            Assert.Contains(device, s.Reason, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(device);
        }
    }

    [Fact]
    public void An_explicit_preference_beats_the_environment()
    {
        Assert.Equal(NetmapBackendKind.Kernel, NetmapBackends.Select(NetmapBackendPreference.Kernel, "userspace").Kind);
        Assert.Equal(NetmapBackendKind.UserSpace, NetmapBackends.Select(NetmapBackendPreference.UserSpace, "kernel").Kind);
    }

    [Fact]
    public void A_misspelt_override_is_an_error_not_a_silent_default()
    {
        var e = Assert.Throws<ArgumentException>(() => NetmapBackends.Select(NetmapBackendPreference.Auto, "kernal"));
        Assert.Contains("kernal", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_process_wide_choice_is_made_once()
    {
        Assert.Same(NetmapBackends.Default, NetmapBackends.Default);
        Assert.Same(NetmapBackends.Kernel, NetmapBackends.Kernel);
    }
}
