using System;
using System.IO;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>netmap-pkt-gen as its own process: a real SIGINT or SIGTERM ends the run cleanly, with the summary.</summary>
public sealed class PktGenSignalTests
{
    [Theory]
    [InlineData("INT")]
    [InlineData("TERM")]
    public void Signal_stops_the_threads_and_prints_the_summary(string signal)
    {
        string dir = Path.Combine("/dev/shm", "nmpg-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            using var tx = PktGenProcess.Start(null, dir, "-f", "tx", "-i", "netmap:sig{1", "-w", "0", "-T", "200");
            using var rx = PktGenProcess.Start(null, dir, "-f", "rx", "-i", "netmap:sig}1", "-w", "0", "-T", "200");
            Assert.True(InProcessApp.Wait(() => PktGenFormats.Report().Matches(rx.Stderr).Count >= 3, TimeSpan.FromSeconds(30)), rx.Stderr + tx.Stderr);
            tx.Signal(signal);
            Assert.Equal(0, tx.WaitExit(TimeSpan.FromSeconds(20)));
            rx.Signal(signal);
            Assert.Equal(0, rx.WaitExit(TimeSpan.FromSeconds(20)));
            Assert.Contains("received control-C", tx.Stderr, StringComparison.Ordinal);
            Assert.Matches(PktGenFormats.Summary(), tx.Stdout);
            Assert.Matches(PktGenFormats.Speed(), tx.Stdout);
            Assert.Matches(PktGenFormats.Summary(), rx.Stdout);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }
}
