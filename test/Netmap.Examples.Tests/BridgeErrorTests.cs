using System;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>Bad input: a clear message on stderr and a non-zero exit code, before or instead of forwarding.</summary>
public sealed class BridgeErrorTests
{
    [Theory]
    [InlineData("invalid burst '0'", "-b", "0", "-i", "netmap:x{1")]
    [InlineData("invalid burst '9000'", "-i", "netmap:x{1", "-b9000")]
    [InlineData("invalid burst 'lots'", "netmap:x{1", "netmap:x}1", "lots")]
    [InlineData("missing interface", "-v", "-b", "64")]
    [InlineData("bad option -q", "-q", "-i", "netmap:x{1")]
    [InlineData("unknown option '--burst'", "--burst", "64", "-i", "netmap:x{1")]
    [InlineData("option -i requires an argument", "-i")]
    public void Bad_arguments_are_refused_with_a_message_and_exit_code_1(string message, params string[] args)
    {
        (int status, string stdout, string stderr) = InProcessBridge.RunToEnd(args);
        Assert.Equal(1, status);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("usage(1): netmap-bridge", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_port_netmap_refuses_is_reported_with_netmaps_advice()
    {
        string missing = "netmap:nmbr" + Guid.NewGuid().ToString("N")[..6];
        (int status, string stdout, string stderr) = InProcessBridge.RunToEnd("-w", "0", "-i", missing);
        Assert.Equal(1, status);
        Assert.Contains("same interface, endpoint 0 goes to host", stderr, StringComparison.Ordinal);
        Assert.Contains($"cannot open {missing}^", stderr, StringComparison.Ordinal);
        Assert.Contains("ENXIO", stderr, StringComparison.Ordinal);
        Assert.Contains("ip link show", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void A_malformed_port_name_is_reported_with_the_offending_character()
    {
        (int status, _, string stderr) = InProcessBridge.RunToEnd("-w", "0", "-i", "netmap:x{1", "-i", "netmap:eth0-x");
        Assert.Equal(1, status);
        Assert.Contains("cannot open netmap:eth0-x", stderr, StringComparison.Ordinal);
        Assert.Contains("EINVAL", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_prints_the_usage_and_exits_1_as_bridge_c()
    {
        (int status, _, string stderr) = InProcessBridge.RunToEnd("-h");
        Assert.Equal(1, status);
        Assert.Contains("usage(2): netmap-bridge", stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("soon", "Wait 0 secs for link to come up...")]
    [InlineData("1x", "Wait 1 secs for link to come up...")]
    [InlineData("", "Wait 0 secs for link to come up...")]
    public void Wait_is_read_as_atoi_reads_it(string wait, string expected)
    {
        string pipe = "netmap:bw" + Guid.NewGuid().ToString("N")[..8];
        using var bridge = InProcessBridge.Start("-w", wait, "-i", pipe + "{1", "-i", pipe + "}1");
        Assert.True(bridge.WaitReady(TimeSpan.FromSeconds(20)), bridge.Stderr);
        Assert.Equal(0, bridge.Stop());
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] " + System.Text.RegularExpressions.Regex.Escape(expected), bridge.Stderr);
    }
}
