using System;
using System.Globalization;
using System.IO;
using System.Linq;
using Netmap.Interop.Tests.UserSpace.Linux;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// netmap-pkt-gen on a real interface: tx on a0's NIC rings (its own process in a0's namespace) to the kernel peer
/// b0, addressed to b0's IP and MAC. b0's UDP counters must show exactly the packets sent, none with a bad checksum.
/// </summary>
public sealed class PktGenVethTests(ITestOutputHelper output)
{
    [Fact]
    public void Tx_on_a_veth_delivers_exactly_1000_valid_udp_datagrams_to_the_kernel_peer()
    {
        using var lab = new VethLab();
        string dir = Path.Combine("/dev/shm", "nmpg-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            (long datagrams, long noPorts, long checksumErrors) before = Udp(lab);
            int status;
            string stdout, stderr;
            using (var app = PktGenProcess.Start(lab.NsA, dir, "-f", "tx", "-i", $"netmap:{VethLab.A}", "-n", "1000", "-l", "60",
                "-w", "1", "-s", $"{VethLab.AddrA}:1234", "-d", $"{VethLab.AddrB}:4321", "-D", lab.MacB))
            {
                status = app.WaitExit(TimeSpan.FromSeconds(60));
                stdout = app.Stdout;
                stderr = app.Stderr;
            }

            output.WriteLine(stdout + stderr);
            Assert.Equal(0, status);
            PktGenPipeTests.AssertSummary(stdout, "Sent", 1000, 60000);
            // The source MAC is a0's own, read from the interface as pkt-gen does.
            Assert.Contains($"{VethLab.AddrA}:1234 -> {VethLab.AddrB}:4321 ({lab.MacA} -> {lab.MacB})", stdout, StringComparison.Ordinal);
            // Queues count the NIC TX ring and the host TX ring, as C's nr_tx_rings + nr_host_tx_rings.
            Assert.StartsWith($"Sending on netmap:{VethLab.A}: 2 queues, 1 threads and 1 cpus.", stdout, StringComparison.Ordinal);

            // No socket listens on 4321, so each valid datagram counts once as NoPorts; a bad checksum would count
            // as InCsumErrors instead.
            (long datagrams, long noPorts, long checksumErrors) after = Udp(lab);
            Assert.Equal(1000, after.datagrams - before.datagrams + after.noPorts - before.noPorts);
            Assert.Equal(0, after.checksumErrors - before.checksumErrors);
        }
        finally
        {
            if (Directory.Exists(dir))
            {
                Directory.Delete(dir, recursive: true);
            }
        }
    }

    // /proc/net/snmp "Udp:" lines in b0's namespace: a header line, then the values.
    private static (long Datagrams, long NoPorts, long ChecksumErrors) Udp(VethLab lab)
    {
        string[] lines = lab.InB("cat /proc/net/snmp").Split('\n').Where(l => l.StartsWith("Udp:", StringComparison.Ordinal)).ToArray();
        string[] names = lines[0].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        string[] values = lines[1].Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Get(string name) => long.Parse(values[Array.IndexOf(names, name)], CultureInfo.InvariantCulture);
        return (Get("InDatagrams"), Get("NoPorts"), Get("InCsumErrors"));
    }
}
