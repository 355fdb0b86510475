using System;
using System.IO;
using Netmap.Info;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>netmap-info, the README's first command: the machine's netmap and what port names mean.</summary>
public sealed class NetmapInfoTests
{
    private static (int Status, string Output) Run(params string[] args)
    {
        var output = new StringWriter();
        bool open = Array.IndexOf(args, "--open") >= 0;
        string[] ports = Array.FindAll(args, a => a != "--open");
        int status = InfoCommand.Run(ports, open, backendChoice: "userspace", output);
        return (status, output.ToString());
    }

    [Fact]
    public void Reports_the_chosen_netmap_and_why()
    {
        var (status, output) = Run();
        Assert.Equal(0, status);
        Assert.Contains("user-space netmap", output, StringComparison.Ordinal);
        Assert.Contains("asked for explicitly", output, StringComparison.Ordinal);
        Assert.Contains("/dev/netmap", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Explains_a_port_name_mode_rings_and_flags()
    {
        var (status, output) = Run("netmap:eth0-1/x");
        Assert.Equal(0, status);
        Assert.Contains("NR_REG_ONE_NIC", output, StringComparison.Ordinal);
        Assert.Contains("NR_EXCLUSIVE", output, StringComparison.Ordinal);
        Assert.Contains("canonical        netmap:eth0-1/x", output, StringComparison.Ordinal);
    }

    [Fact]
    public void A_bad_name_points_at_the_offending_character_and_fails()
    {
        var (status, output) = Run("netmap:eth0-x");
        Assert.Equal(1, status);
        Assert.Contains("^", output, StringComparison.Ordinal);
        Assert.Contains("EINVAL", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_registers_a_pipe_and_shows_its_rings()
    {
        string name = $"netmap:i{Guid.NewGuid().ToString("N")[..8]}{{1@conf:rings=2,slots=256";
        var (status, output) = Run("--open", name);
        Assert.Equal(0, status);
        Assert.Contains("NIC 2 TX / 2 RX", output, StringComparison.Ordinal);
        Assert.Contains("rx ring 1", output, StringComparison.Ordinal);
        Assert.Contains("tail 255 of 256", output, StringComparison.Ordinal);
    }
}
