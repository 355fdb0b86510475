using System;
using System.Diagnostics;
using System.Text.RegularExpressions;
using System.Threading.Tasks;
using Netmap.Sdk;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// netmap-bridge between two pipes on the user-space netmap: a sender on pipe 1's master, the bridge between pipe
/// 1's slave and pipe 2's master, a receiver on pipe 2's slave. Same parent: one region, buffers swapped (the very
/// buffer the sender filled arrives); different parents or -c: bytes copied. Every frame arrives once, in order,
/// byte-exact, and the bridge's totals match.
/// </summary>
public sealed partial class BridgeTests(ITestOutputHelper output)
{
    private const int Frames = 100_000;

    [Theory]
    [InlineData(true, false, true, false)]
    [InlineData(false, false, false, false)]
    [InlineData(true, true, false, false)]
    [InlineData(true, false, true, true)]
    [InlineData(false, false, false, true)]
    public async Task Frames_cross_the_bridge_in_order_and_byte_exact(bool sameParent, bool forceCopy, bool zeroCopy, bool bToA)
    {
        string id = Guid.NewGuid().ToString("N")[..8];
        string parent1 = "br" + id, parent2 = sameParent ? parent1 : "bq" + id;
        string a = $"netmap:{parent1}}}1", b = $"netmap:{parent2}{{2";
        // A → B: in at pipe 1's master, out at pipe 2's slave; B → A the other way round.
        using var sender = NetmapPort.Open(bToA ? $"netmap:{parent2}}}2" : $"netmap:{parent1}{{1");
        using var receiver = NetmapPort.Open(bToA ? $"netmap:{parent1}{{1" : $"netmap:{parent2}}}2");
        string[] args = forceCopy ? ["-c", "-w", "0", "-i", a, "-i", b] : ["-w", "0", "-i", a, "-i", b];
        using var bridge = InProcessBridge.Start(args);
        Assert.True(bridge.WaitReady(TimeSpan.FromSeconds(20)), bridge.Stderr);

        var clock = Stopwatch.StartNew();
        Task<uint[]> received = Task.Factory.StartNew(
            () => PipeTraffic.Receive(receiver, Frames, TimeSpan.FromSeconds(60)), TaskCreationOptions.LongRunning);
        uint[] sentIn = PipeTraffic.Send(sender, Frames, TimeSpan.FromSeconds(60));
        uint[] arrivedIn = await received;
        double seconds = clock.Elapsed.TotalSeconds;
        int status = bridge.Stop();

        string err = bridge.Stderr, stdout = bridge.Stdout;
        output.WriteLine(err);
        output.WriteLine(stdout);
        output.WriteLine($"{Frames} frames in {seconds:F3} s: {Frames / seconds:F0} pps end to end (sender, bridge, receiver)");
        Assert.Equal(0, status);
        Assert.Contains(zeroCopy ? "------- zerocopy supported" : "------- zerocopy NOT supported", err, StringComparison.Ordinal);
        Assert.Matches(@"(?m)^\d{3}\.\d{6} main \[\d+\] Ready to go, \S+ 0x0/1 <-> \S+ 0x0/1\.$", err);
        Assert.Matches(@"(?m)^\d{3}\.\d{6} main \[\d+\] ------- zerocopy ", err);
        int sameBuffer = 0;
        for (int seq = 0; seq < Frames; seq++)
        {
            sameBuffer += sentIn[seq] == arrivedIn[seq] ? 1 : 0;
        }

        // Swapping moves the sender's buffer itself; copying never can (different regions, or -c).
        Assert.Equal(zeroCopy ? Frames : 0, sameBuffer);
        Match totals = Totals().Match(stdout);
        Assert.True(totals.Success, stdout);
        Assert.Equal(bToA ? 0 : Frames, long.Parse(totals.Groups["ab"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", totals.Groups["abLeft"].Value);
        Assert.Equal(bToA ? Frames : 0, long.Parse(totals.Groups["ba"].Value, System.Globalization.CultureInfo.InvariantCulture));
        Assert.Equal("0", totals.Groups["baLeft"].Value);
    }

    [GeneratedRegex(@"netmap-bridge: \S+ --> \S+ (?<ab>\d+) packets \(\+(?<abLeft>\d+) left in RX rings\), \S+ --> \S+ (?<ba>\d+) packets \(\+(?<baLeft>\d+) left in RX rings\)")]
    internal static partial Regex Totals();
}
