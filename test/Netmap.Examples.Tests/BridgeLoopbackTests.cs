using System;
using System.Linq;
using System.Text.RegularExpressions;
using Netmap.Sdk;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// <c>-L</c> with one name binds the same rings twice and reflects: what the pipe's master sends to the slave comes
/// straight back. With <c>-v</c> every poll and every move is logged in bridge.c's words.
/// </summary>
public sealed class BridgeLoopbackTests(ITestOutputHelper output)
{
    [Fact]
    public void Loopback_reflects_every_frame_and_verbose_logs_polls_and_moves()
    {
        const int frames = 1000; // fits in one ring: send all, then read all back on the same thread
        string parent = "bl" + Guid.NewGuid().ToString("N")[..8];
        using var peer = NetmapPort.Open($"netmap:{parent}{{1");
        string slave = $"netmap:{parent}}}1";
        using var bridge = InProcessBridge.Start("-v", "-L", "-w", "0", "-b", "100", slave);
        Assert.True(bridge.WaitReady(TimeSpan.FromSeconds(20)), bridge.Stderr);

        uint[] sentIn = PipeTraffic.Send(peer, frames, TimeSpan.FromSeconds(20));
        uint[] arrivedIn = PipeTraffic.Receive(peer, frames, TimeSpan.FromSeconds(20));
        Assert.Equal(0, bridge.Stop());

        string err = bridge.Stderr;
        output.WriteLine(string.Join('\n', err.Split('\n').Take(30)));
        output.WriteLine(bridge.Stdout);
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] same interface, loopbacking traffic", err);
        Assert.DoesNotContain("endpoint 0 goes to host", err, StringComparison.Ordinal);
        Assert.Contains("------- zerocopy supported", err, StringComparison.Ordinal);
        // Both ends bind the same rings, so swapped buffers return to the sender's region: the same ones, even.
        Assert.Equal(sentIn, arrivedIn);
        Assert.Matches(@"\d{3}\.\d{6} main \[\d+\] poll ok \[0\] ev [0-9a-f]+ [0-9a-f]+ rx \d+@\d+ tx \d+, \[1\] ev [0-9a-f]+ [0-9a-f]+ rx \d+@\d+ tx \d+", err);
        // -b 100: no move is larger than the burst.
        MatchCollection moves = Regex.Matches(err, $@"rings_move \[\d+\] {Regex.Escape(parent)}}}1:nic --> {Regex.Escape(parent)}}}1:nic fwd (\d+) packets: rxring 0 --> txring 0");
        Assert.NotEmpty(moves);
        Assert.All(moves, m => Assert.InRange(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture), 1, 100));
        Match totals = BridgeTests.Totals().Match(bridge.Stdout);
        Assert.True(totals.Success, bridge.Stdout);
        long moved = long.Parse(totals.Groups["ab"].Value, System.Globalization.CultureInfo.InvariantCulture)
                     + long.Parse(totals.Groups["ba"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(frames, moved);
        Assert.Equal(frames, moves.Sum(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)));
    }
}
