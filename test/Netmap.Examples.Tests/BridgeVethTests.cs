using System;
using System.Globalization;
using System.IO;
using System.Text.RegularExpressions;
using Netmap.Interop.Tests.UserSpace.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// netmap-bridge on a real interface, as its own process in a network namespace: <c>-i netmap:a0</c> binds a0's
/// host rings as endpoint A and its NIC rings as B, so everything between the wire and the kernel goes through
/// it. A kernel peer's ping must work through it, it must stop cleanly on SIGINT, and ping must work after.
/// </summary>
public sealed class BridgeVethTests(ITestOutputHelper output)
{
    [Fact]
    public void Ping_crosses_the_bridge_between_the_nic_and_the_host_stack_and_works_after_it_exits()
    {
        using var lab = new VethLab();
        // Its own rendezvous directory: nothing this test's netmap leaves can meet another test's.
        string dir = Path.Combine("/dev/shm", "nmbr-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            int status;
            string stdout, stderr;
            using (var bridge = BridgeProcess.Start(lab.NsA, dir, "-w", "1", "-i", $"netmap:{VethLab.A}"))
            {
                Assert.True(bridge.WaitReady(TimeSpan.FromSeconds(30)), bridge.Stderr);
                bool pinged = lab.PingFromB();
                status = bridge.Signal("INT", TimeSpan.FromSeconds(20));
                stdout = bridge.Stdout;
                stderr = bridge.Stderr;
                output.WriteLine(stderr);
                output.WriteLine(stdout);
                Assert.True(pinged, "ping through the bridge failed");
            }

            Assert.Equal(0, status);
            Assert.Contains("same interface, endpoint 0 goes to host", stderr, StringComparison.Ordinal);
            // a0^ and a0 are one port's rings: one region, so buffers are swapped.
            Assert.Matches(@"(?m)^\d{3}\.\d{6} main \[\d+\] ------- zerocopy supported$", stderr);
            Assert.Contains("Wait 1 secs for link to come up...", stderr, StringComparison.Ordinal);
            Assert.Contains($"Ready to go, {VethLab.A} 0x1/1 <-> {VethLab.A} 0x0/1.", stderr, StringComparison.Ordinal);
            Match totals = BridgeTests.Totals().Match(stdout);
            Assert.True(totals.Success, stdout);
            // A = a0^ (host), B = a0 (NIC): requests went NIC → host, replies host → NIC.
            Assert.Contains($"{VethLab.A}:host --> {VethLab.A}:nic", stdout, StringComparison.Ordinal);
            Assert.True(long.Parse(totals.Groups["ab"].Value, CultureInfo.InvariantCulture) > 0, stdout);
            Assert.True(long.Parse(totals.Groups["ba"].Value, CultureInfo.InvariantCulture) > 0, stdout);
            Assert.True(lab.PingFromB(), "the stack must work again after the bridge closed the port");
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
