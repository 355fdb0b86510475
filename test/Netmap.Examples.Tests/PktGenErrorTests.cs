using System;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>
/// What netmap-pkt-gen does with bad input: as pkt-gen.c, an unknown -f is only logged (the default rx stays),
/// while a bad size, a missing or unopenable port end in usage(-1): a D() line saying why, the usage, exit 255.
/// </summary>
public sealed class PktGenErrorTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public void Unknown_function_is_logged_and_ignored_as_in_C()
    {
        using InProcessPktGen app = InProcessPktGen.Start("-f", "bogus", "-i", "netmap:pg" + Guid.NewGuid().ToString("N")[..8] + "{1", "-w", "0");
        Assert.True(app.WaitFor("reading from", Timeout), app.Stderr);
        Assert.Equal(0, app.Stop());
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] unrecognised function bogus", app.Stderr);
        Assert.StartsWith("Receiving from ", app.Stdout, StringComparison.Ordinal);
        Assert.EndsWith("Received nothing.\n", app.Stdout, StringComparison.Ordinal);
        Assert.Contains("received control-C", app.Stderr, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("10", "bad pktsize 10 [16..65536]")]
    [InlineData("65537", "bad pktsize 65537 [16..65536]")]
    [InlineData("abc", "bad pktsize 0 [16..65536]")]
    public void Bad_frame_size_is_a_usage_error(string size, string message)
    {
        (int status, string stdout, string stderr) = InProcessPktGen.RunToEnd(Timeout, "-f", "tx", "-i", "netmap:x{1", "-l", size);
        Assert.Equal(255, status);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
        Assert.Contains("Usage:", stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void Missing_interface_is_a_usage_error()
    {
        (int status, _, string stderr) = InProcessPktGen.RunToEnd(Timeout, "-f", "tx", "-n", "10");
        Assert.Equal(255, status);
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] missing ifname", stderr);
    }

    [Theory]
    [InlineData("nmpgnosuch0", "ENXIO")]
    [InlineData("netmap:eth0-x", "EINVAL")]
    public void Port_that_cannot_be_opened_says_why_and_aborts(string name, string errno)
    {
        (int status, string stdout, string stderr) = InProcessPktGen.RunToEnd(Timeout, "-f", "tx", "-i", name, "-w", "0");
        Assert.Equal(255, status);
        Assert.Contains("Unable to open netmap:", stderr, StringComparison.Ordinal);
        Assert.Contains(errno, stderr, StringComparison.Ordinal);
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] aborting", stderr);
        Assert.Equal("", stdout);
    }

    [Theory]
    [InlineData("-D", "zz:00:00:00:00:01", "invalid MAC address 'zz:00:00:00:00:01'")]
    [InlineData("-d", "10.1.0", "invalid IPv4 address '10.1.0'")]
    [InlineData("-F", "2", "option -F is not supported")]
    [InlineData("-q", null, "bad option q")]
    public void Bad_options_are_usage_errors(string option, string? value, string message)
    {
        string[] args = value is null ? ["-f", "tx", "-i", "netmap:x{1", option] : ["-f", "tx", "-i", "netmap:x{1", option, value];
        (int status, _, string stderr) = InProcessPktGen.RunToEnd(Timeout, args);
        Assert.Equal(255, status);
        Assert.Contains(message, stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Help_exits_0_with_the_usage()
    {
        (int status, _, string stderr) = InProcessPktGen.RunToEnd(Timeout, "-h");
        Assert.Equal(0, status);
        Assert.StartsWith("Usage:", stderr, StringComparison.Ordinal);
    }
}
