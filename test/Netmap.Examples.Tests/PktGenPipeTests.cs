using System;
using System.Buffers.Binary;
using System.Globalization;
using System.Text.RegularExpressions;
using Netmap.Interop;
using Netmap.PktGen;
using Netmap.Sdk;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// netmap-pkt-gen over a user-space netmap pipe, both ends in this process: tx on the slave end, rx on the master,
/// each running pkt-gen's main on its own thread. Exact counts, sequence checking, real report lines.
/// </summary>
public sealed class PktGenPipeTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public void Tx_to_rx_over_a_pipe_delivers_exactly_n_packets_of_60_bytes()
    {
        const int n = 20000;
        string pipe = Pipe();
        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rx", "-i", pipe + "{1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-T", "200");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        (int txStatus, string txOut, string txErr) = InProcessPktGen.RunToEnd(Timeout,
            "-f", "tx", "-i", pipe + "}1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-T", "200");
        Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        output.WriteLine(txOut + txErr + rx.Stdout + rx.Stderr);

        Assert.Equal(0, txStatus);
        Assert.Equal(0, rx.ExitCode);
        AssertSummary(txOut, "Sent", n, n * 60L);
        AssertSummary(rx.Stdout, "Received", n, n * 60L);
        Match start = PktGenFormats.Startup().Match(txOut);
        Assert.True(start.Success, txOut);
        Assert.Equal(("Sending on", pipe + "}1", "1", "1", "1"),
            (start.Groups["verb"].Value, start.Groups["name"].Value, start.Groups["queues"].Value, start.Groups["threads"].Value, start.Groups["cpus"].Value));
        Match addresses = PktGenFormats.Addresses().Match(txOut);
        Assert.Equal("10.0.0.1 -> 10.1.0.1 (00:00:00:00:00:00 -> ff:ff:ff:ff:ff:ff)", addresses.Value);
        Assert.Matches(PktGenFormats.Startup(), rx.Stdout);
        Assert.StartsWith("Receiving from " + pipe + "{1: 1 queues, 1 threads and 1 cpus.", rx.Stdout, StringComparison.Ordinal);

        // Every report line has §9's format, and the packets they count add up to n on both sides.
        foreach (string err in new[] { txErr, rx.Stderr })
        {
            MatchCollection reports = PktGenFormats.Report().Matches(err);
            Assert.NotEmpty(reports);
            Assert.Equal(n, SumPackets(reports));
            Assert.DoesNotContain("ouch", err, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Packet_loops_allocate_nothing_per_packet()
    {
        const int n = 1_000_000;
        string pipe = Pipe();
        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rx", "-i", pipe + "{1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-v");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        // With a source range every frame is written and its addresses advanced: the busiest tx path.
        (int status, _, string txErr) = InProcessPktGen.RunToEnd(Timeout,
            "-f", "tx", "-i", pipe + "}1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-v", "-s", "198.18.0.1:1-198.18.0.9:9");
        Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        Assert.Equal(0, status);
        foreach ((string err, string body) in new[] { (txErr, "sender_body"), (rx.Stderr, "receiver_body") })
        {
            Match m = Regex.Match(err, body + $@" \[\d+\] loop allocated (?<bytes>\d+) bytes for {n} packets");
            Assert.True(m.Success, err);
            output.WriteLine(m.Value);
            Assert.True(long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture) < 4096, m.Value); // a few one-time bytes, not per packet
        }
    }

    [Fact]
    public void Tx_frames_on_the_wire_are_udp_with_the_given_addresses_and_valid_checksums()
    {
        string pipe = Pipe();
        using NetmapPort rx = NetmapPort.Open(pipe + "{1");
        // The sender ends only when nothing is pending (the receiver released everything), so it runs meanwhile.
        using InProcessPktGen tx = InProcessPktGen.Start(
            "-f", "tx", "-i", pipe + "}1", "-n", "4", "-w", "0", "-l", "100", "-s", "198.18.0.1:1000-198.18.0.1:1001",
            "-d", "198.18.0.2:5000", "-S", "02:00:00:00:00:01", "-D", "02:00:00:00:00:02");
        NetmapRing ring = rx.Descriptor.Interface.RxRing(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (ring.Space < 4 && clock.Elapsed < Timeout)
        {
            rx.Poll(PollEvents.In, 200);
        }

        Assert.Equal(4u, ring.Space);
        var ports = new int[4];
        uint head = ring.Head;
        for (int i = 0; i < 4; i++, head = ring.Next(head))
        {
            ref NetmapSlot slot = ref ring.Slot(head);
            Assert.Equal(100, slot.Len);
            byte[] f = ring.Buffer(slot.BufIdx)[..100].ToArray();
            Assert.Equal("020000000002", Convert.ToHexString(f, 0, 6));
            Assert.Equal("020000000001", Convert.ToHexString(f, 6, 6));
            Assert.Equal(0xffff, Fold(PacketTemplate.Sum(f.AsSpan(14, 20))));
            uint pseudo = PacketTemplate.Sum(f.AsSpan(26, 8)) + 17u + 66u;
            Assert.Equal(0xffff, Fold(pseudo + PacketTemplate.Sum(f.AsSpan(34, 66))));
            Assert.Equal(5000, BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(36)));
            ports[i] = BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(34));
        }

        ring.Head = ring.Cur = head;
        rx.RxSync();
        Assert.True(tx.WaitExit(Timeout), tx.Stderr);
        Assert.Equal(0, tx.ExitCode);
        Assert.Contains("198.18.0.1:1000-198.18.0.1:1001 -> 198.18.0.2:5000 (02:00:00:00:00:01 -> 02:00:00:00:00:02)", tx.Stdout, StringComparison.Ordinal);
        AssertSummary(tx.Stdout, "Sent", 4, 400);
        Assert.Equal([1000, 1001, 1000, 1001], ports);
    }

    [Fact]
    public void Txseq_to_rxseq_over_a_pipe_sees_no_gap()
    {
        string pipe = Pipe();
        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rxseq", "-i", pipe + "{1", "-W", "-w", "0", "-T", "200");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        using InProcessPktGen tx = InProcessPktGen.Start("-f", "txseq", "-i", pipe + "}1", "-w", "0", "-T", "200", "-n", "5");
        Assert.True(InProcessApp.Wait(() => PktGenFormats.Report().Matches(tx.Stderr).Count >= 3, Timeout), tx.Stderr);
        Assert.Equal(0, tx.Stop());
        Assert.True(rx.WaitExit(Timeout), rx.Stderr); // -W: a silent second ends it
        output.WriteLine(tx.Stdout + tx.Stderr + rx.Stdout + rx.Stderr);

        Assert.Contains("Ignoring -n argument", tx.Stderr, StringComparison.Ordinal); // as txseq_body
        Match sent = PktGenFormats.Summary().Match(tx.Stdout);
        Match received = PktGenFormats.Summary().Match(rx.Stdout);
        Assert.True(sent.Success && received.Success, tx.Stdout + rx.Stdout);
        Assert.True(long.Parse(sent.Groups["pkts"].Value, CultureInfo.InvariantCulture) > 1000, tx.Stdout);
        Assert.Equal(sent.Groups["pkts"].Value, received.Groups["pkts"].Value);
        Assert.Equal(sent.Groups["bytes"].Value, received.Groups["bytes"].Value);
        Assert.DoesNotContain("Sequence", rx.Stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("ouch", rx.Stderr + tx.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public void Rxseq_logs_a_gap_in_the_sequence()
    {
        string pipe = Pipe();
        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rxseq", "-i", pipe + "{1", "-W", "-w", "0", "-T", "200");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        using (NetmapPort tx = NetmapPort.Open(pipe + "}1"))
        {
            var packet = new PacketTemplate(PktGenFormatTests.Options(normalize: true), 1);
            NetmapRing ring = tx.Descriptor.Interface.TxRing(0);
            uint head = ring.Head;
            foreach (uint seq in new uint[] { 0, 1, 2, 3, 5, 6, 7 })
            {
                ref NetmapSlot slot = ref ring.Slot(head);
                packet.SetSequence(seq);
                packet.Frame.CopyTo(ring.Buffer(slot.BufIdx));
                slot.Len = (ushort)packet.Size;
                head = ring.Next(head);
            }

            ring.Head = ring.Cur = head;
            tx.TxSync();
            Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        }

        output.WriteLine(rx.Stdout + rx.Stderr);
        Assert.Matches(@"\d{3}\.\d{6} rxseq_body \[\d+\] Sequence GAP: exp 4 found 5", rx.Stderr);
        // With -W the silent second is taken off the measured time, as in C: a burst shorter than that second gives
        // a negative time and speed, exactly as pkt-gen prints them.
        AssertSummary(rx.Stdout, "Received", 7, 7 * 60, checkSpeed: false);
    }

    internal static void AssertSummary(string stdout, string what, long packets, long bytes, bool checkSpeed = true)
    {
        Match m = PktGenFormats.Summary().Match(stdout);
        Assert.True(m.Success, stdout);
        Assert.Equal(what, m.Groups["what"].Value);
        Assert.Equal(packets, long.Parse(m.Groups["pkts"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(bytes, long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(bytes / packets, long.Parse(m.Groups["each"].Value, CultureInfo.InvariantCulture));
        if (checkSpeed)
        {
            Assert.Matches(PktGenFormats.Speed(), stdout);
        }
    }

    private static string Pipe() => "netmap:pg" + Guid.NewGuid().ToString("N")[..8];

    private static long SumPackets(MatchCollection reports)
    {
        double total = 0;
        foreach (Match r in reports)
        {
            string[] parts = r.Groups["pkts"].Value.Split(' ');
            double v = double.Parse(parts[0], CultureInfo.InvariantCulture);
            total += parts[1] switch { "K" => v * 1e3, "M" => v * 1e6, _ => v };
        }

        return (long)Math.Round(total);
    }

    private static int Fold(uint sum)
    {
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (int)sum;
    }
}
