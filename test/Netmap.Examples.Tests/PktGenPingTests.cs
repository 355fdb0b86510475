using System;
using System.Text.RegularExpressions;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>ping on one end of a pipe, pong on the other: every ping comes back and its RTT is measured.</summary>
public sealed class PktGenPingTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Ping_to_pong_over_a_pipe_reports_round_trip_times()
    {
        string pipe = "netmap:pp" + Guid.NewGuid().ToString("N")[..8];
        using InProcessPktGen pong = InProcessPktGen.Start("-f", "pong", "-i", pipe + "}1", "-w", "0", "-T", "200");
        Assert.True(pong.WaitFor("Ready...", Timeout), pong.Stderr);
        // Long enough for at least one per-second line (C prints one only after a full second of replies).
        (int status, string stdout, string stderr) = InProcessPktGen.RunToEnd(Timeout, "-f", "ping", "-i", pipe + "{1", "-w", "0", "-n", "3000", "-R", "2000");
        // pong's reports count what it echoed: all 3000 pings (the last report comes within its -T period).
        bool allEchoed = InProcessApp.Wait(() => PktGenPipeTests.SumPackets(PktGenFormats.Report().Matches(pong.Stderr)) == 3000, TimeSpan.FromSeconds(5));
        Assert.Equal(0, pong.Stop());
        output.WriteLine(stdout + stderr + pong.Stdout + pong.Stderr);
        Assert.True(allEchoed, pong.Stderr);

        Assert.Equal(0, status);
        Assert.StartsWith($"Working on {pipe}{{1: 1 queues, 1 threads and 1 cpus.", stdout, StringComparison.Ordinal);
        Assert.DoesNotContain("Sent", stdout, StringComparison.Ordinal); // ping and pong print no summary
        Assert.Matches(@"\d{3}\.\d{6} ping_body \[\d+\] count \d+ RTT: min \d+ av \d+ ns", stderr);
        Assert.Matches(@"ping_body \[\d+\] k: \d+ \.\. \d+\n\t( +\d+)+", stderr);
        Match total = Regex.Match(stderr, @"ping_body \[\d+\] RTT over 3000 packets: min (?<min>\d+) av (?<av>\d+) ns");
        Assert.True(total.Success, stderr);
        // Every reply came back in time and was timed: no send failure, no 3 s poll time-out, sane RTTs. (pong's
        // 1 s time-outs while it waits for the first ping are C's too.)
        Assert.DoesNotContain("ouch", stderr + pong.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("timeout", stderr, StringComparison.Ordinal);

        long received = 0;
        foreach (Match second in Regex.Matches(stderr, @"count (?<n>\d+) RTT: min (?<min>\d+) av (?<av>\d+) ns"))
        {
            long n = long.Parse(second.Groups["n"].Value, System.Globalization.CultureInfo.InvariantCulture);
            long min = long.Parse(second.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture);
            long av = long.Parse(second.Groups["av"].Value, System.Globalization.CultureInfo.InvariantCulture);
            received += n;
            Assert.InRange(n, 1, 3000);
            Assert.InRange(min, 1, av);
            Assert.InRange(av, min, 1_000_000_000); // a pipe in one process: well under a second
        }

        Assert.InRange(received, 1500, 3000); // the seconds completed (at 2000/s, at least the first) all replied
        long globalMin = long.Parse(total.Groups["min"].Value, System.Globalization.CultureInfo.InvariantCulture);
        long globalAv = long.Parse(total.Groups["av"].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(globalMin, 1, 1_000_000_000);
        Assert.InRange(globalAv, 1, 1_000_000_000);
        Assert.StartsWith("Working on " + pipe + "}1", pong.Stdout, StringComparison.Ordinal);
    }
}
