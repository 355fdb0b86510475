using System;
using System.Collections.Generic;
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
        using InProcessPktGen rx = RxseqOf([0, 1, 2, 3, 5, 6, 7]);
        Assert.Matches(@"\d{3}\.\d{6} rxseq_body \[\d+\] Sequence GAP: exp 4 found 5", rx.Stderr);
        // With -W the silent second is taken off the measured time, as in C: a burst shorter than that second gives
        // a negative time and speed, exactly as pkt-gen prints them.
        AssertSummary(rx.Stdout, "Received", 7, 7 * 60, checkSpeed: false);
    }

    [Fact]
    public void Rxseq_logs_out_of_order_but_no_gap_across_the_32_bit_wrap()
    {
        using InProcessPktGen rx = RxseqOf([0xFFFFFFFD, 0xFFFFFFFE, 0xFFFFFFFF, 0, 1, 2, 3, 1, 2]);
        Assert.DoesNotContain("GAP", rx.Stderr, StringComparison.Ordinal);
        Assert.Matches(@"\d{3}\.\d{6} rxseq_body \[\d+\] Sequence OUT OF ORDER: exp 4 found 1", rx.Stderr);
        Assert.Single(Regex.Matches(rx.Stderr, "Sequence"));
        AssertSummary(rx.Stdout, "Received", 9, 9 * 60, checkSpeed: false);
    }

    [Fact]
    public void Txseq_frames_carry_consecutive_sequences_and_valid_checksums()
    {
        string pipe = Pipe();
        using NetmapPort rx = NetmapPort.Open(pipe + "{1");
        using InProcessPktGen tx = InProcessPktGen.Start("-f", "txseq", "-i", pipe + "}1", "-w", "0", "-l", "61", "-d", "198.18.0.2:5000");
        List<byte[]> frames = ReceiveFrames(rx, 300);
        Assert.Equal(0, tx.Stop());
        for (int i = 0; i < frames.Count; i++)
        {
            byte[] f = frames[i];
            Assert.Equal(61, f.Length);
            Assert.Equal((uint)i, BinaryPrimitives.ReadUInt32BigEndian(f.AsSpan(42)));
            Assert.True(Rfc1071.IpHeaderValid(f), $"frame {i}");
            Assert.Equal(Rfc1071.UdpChecksum(f), BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(40)));
        }
    }

    [Theory]
    [InlineData("43")]
    [InlineData("61")]
    [InlineData("60")]
    public void Tx_frames_of_any_length_verify_with_an_independent_checksum(string size)
    {
        string pipe = Pipe();
        using NetmapPort rx = NetmapPort.Open(pipe + "{1");
        using InProcessPktGen tx = InProcessPktGen.Start("-f", "tx", "-i", pipe + "}1", "-n", "64", "-w", "0", "-l", size,
            "-s", "198.18.0.1:1000-198.18.0.4:1003", "-d", "198.18.0.9:7-198.18.0.10:8");
        List<byte[]> frames = ReceiveFrames(rx, 64);
        Assert.True(tx.WaitExit(Timeout), tx.Stderr);
        var sources = new HashSet<string>();
        foreach (byte[] f in frames)
        {
            Assert.Equal(int.Parse(size, CultureInfo.InvariantCulture), f.Length);
            Assert.True(Rfc1071.IpHeaderValid(f));
            Assert.Equal(Rfc1071.UdpChecksum(f), BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(40)));
            sources.Add(Convert.ToHexString(f, 26, 4) + Convert.ToHexString(f, 34, 2));
        }

        Assert.Equal(16, sources.Count); // 4 addresses x 4 ports, each frame its own
    }

    [Fact]
    public void Tx_with_random_sizes_reports_packets_times_the_last_size_as_C()
    {
        const int n = 3000;
        string pipe = Pipe();
        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rx", "-i", pipe + "{1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        (int status, string txOut, string txErr) = InProcessPktGen.RunToEnd(Timeout,
            "-f", "tx", "-i", pipe + "}1", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-b", "7", "-l", "100", "-l", "60");
        Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        output.WriteLine(txOut + txErr + rx.Stdout);
        Assert.Equal(0, status);
        Match m = PktGenFormats.Summary().Match(txOut);
        Assert.True(m.Success, txOut);
        long bytes = long.Parse(m.Groups["bytes"].Value, CultureInfo.InvariantCulture);
        Assert.Equal(0, bytes % n);
        Assert.InRange(bytes / n, 60, 99);
    }

    [Fact]
    public void Pong_survives_frames_shorter_than_an_ethernet_header_and_echoes_them()
    {
        string pipe = Pipe();
        using InProcessPktGen pong = InProcessPktGen.Start("-f", "pong", "-i", pipe + "}1", "-w", "0");
        Assert.True(pong.WaitFor("Ready...", Timeout), pong.Stderr);
        using NetmapPort peer = NetmapPort.Open(pipe + "{1");
        byte[] tiny = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10];
        var packet = new PacketTemplate(PktGenFormatTests.Options(normalize: true), 1);
        NetmapRing ring = peer.Descriptor.Interface.TxRing(0);
        uint head = ring.Head;
        foreach (byte[] frame in new[] { tiny, tiny[..1], packet.Frame.ToArray() })
        {
            ref NetmapSlot slot = ref ring.Slot(head);
            frame.CopyTo(ring.Buffer(slot.BufIdx));
            slot.Len = (ushort)frame.Length;
            head = ring.Next(head);
        }

        ring.Head = ring.Cur = head;
        peer.TxSync();
        List<byte[]> back = ReceiveFrames(peer, 3);
        Assert.False(pong.HasExited, pong.Stderr);
        Assert.Equal(0, pong.Stop());
        output.WriteLine(pong.Stderr);
        Assert.Equal(10, back[0].Length);
        Assert.Equal(new byte[] { 7, 8, 9, 10 }, back[0][..4]); // C swaps on the buffer: MACs as far as the frame goes
        Assert.Equal(new byte[] { 1, 2, 3, 4 }, back[0][6..10]);
        Assert.Single(back[1]);
        Assert.Equal(60, back[2].Length);
        Assert.Equal(packet.Frame[..6].ToArray(), back[2][6..12]);
        Assert.Equal(packet.Frame[26..30].ToArray(), back[2][30..34]);
    }

    [Fact]
    public void A_worker_that_throws_is_logged_and_ends_its_thread_only()
    {
        string pipe = Pipe();
        PktGenOptions o = PktGenFormatTests.Options(normalize: true) with { PortName = pipe + "{1" };
        using NetmapPort port = NetmapPort.Open(o.PortName);
        var t = new PktGenThread(0, port, port.Handle.FileDescriptor, -1, o, new PacketTemplate(o, 1)) { Used = true };
        var err = new System.IO.StringWriter();
        var thread = new System.Threading.Thread(() => PktGenApp.Guard(t, () => throw new InvalidOperationException("boom"), new PktGenLog(err)));
        thread.Start();
        Assert.True(thread.Join(Timeout));
        Assert.False(t.Used);
        Assert.Matches(@"\d{3}\.\d{6} main_thread \[\d+\] thread 0: .*InvalidOperationException: boom", err.ToString());
    }

    [Fact]
    public void Two_threads_on_a_two_ring_pipe_each_carry_traffic_and_totals_are_exact()
    {
        const int n = 40000;
        string pipe = Pipe();
        // The pipe is made with two ring pairs; pkt-gen's threads then open x{1-0 / x{1-1 (and }1-0 / }1-1).
        using (NetmapPort.Open(pipe + "{1@conf:rings=2"))
        {
        }

        using InProcessPktGen rx = InProcessPktGen.Start("-f", "rx", "-i", pipe + "{1@conf:rings=2", "-p", "2", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-T", "200", "-A");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        (int status, string txOut, string txErr) = InProcessPktGen.RunToEnd(Timeout,
            "-f", "tx", "-i", pipe + "}1@conf:rings=2", "-p", "2", "-n", n.ToString(CultureInfo.InvariantCulture), "-w", "0", "-T", "200", "-A");
        Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        output.WriteLine(txOut + txErr + rx.Stdout + rx.Stderr);
        Assert.Equal(0, status);
        Assert.Equal(0, rx.ExitCode);
        Assert.Contains("2 queues, 2 threads", txOut, StringComparison.Ordinal);
        AssertSummary(txOut, "Sent", n, n * 60L);
        AssertSummary(rx.Stdout, "Received", n, n * 60L);
        // Each thread bound one ring and moved its half: thread i opens ring i of the port.
        Assert.StartsWith(pipe + "{1-0", PktGenApp.RingName(pipe + "{1@conf:rings=2", 0, 0), StringComparison.Ordinal);
        Assert.StartsWith(pipe + "}1-1", PktGenApp.RingName(pipe + "}1@conf:rings=2", 1, 0), StringComparison.Ordinal);
        Assert.Matches(@"sender_body \[\d+\] start, fd \d+ main_fd \d+", txErr);
        Assert.Equal(2, Regex.Matches(txErr, @"sender_body \[\d+\] start, fd").Count);
        Assert.Equal(2, Regex.Matches(rx.Stderr, @"receiver_body \[\d+\] reading from").Count);
        foreach (string err in new[] { txErr, rx.Stderr })
        {
            MatchCollection reports = PktGenFormats.Report().Matches(err);
            Assert.Equal(n, SumPackets(reports));
            Assert.All(reports, r => Assert.StartsWith("[avg/std ", r.Groups["avg"].Value, StringComparison.Ordinal));
        }
    }

    // rxseq -W on a pipe's master, fed frames with the given sequence numbers from its slave; returns it ended.
    private InProcessPktGen RxseqOf(uint[] sequences)
    {
        string pipe = Pipe();
        InProcessPktGen rx = InProcessPktGen.Start("-f", "rxseq", "-i", pipe + "{1", "-W", "-w", "0", "-T", "200");
        Assert.True(rx.WaitFor("reading from", Timeout), rx.Stderr);
        using (NetmapPort tx = NetmapPort.Open(pipe + "}1"))
        {
            SendSequences(tx, sequences);
            Assert.True(rx.WaitExit(Timeout), rx.Stderr);
        }

        output.WriteLine(rx.Stdout + rx.Stderr);
        return rx;
    }

    // Sends frames with the given sequence numbers from a raw port.
    private static void SendSequences(NetmapPort tx, uint[] sequences)
    {
        var packet = new PacketTemplate(PktGenFormatTests.Options(normalize: true), 1);
        NetmapRing ring = tx.Descriptor.Interface.TxRing(0);
        uint head = ring.Head;
        foreach (uint seq in sequences)
        {
            ref NetmapSlot slot = ref ring.Slot(head);
            packet.SetSequence(seq);
            packet.Frame.CopyTo(ring.Buffer(slot.BufIdx));
            slot.Len = (ushort)packet.Size;
            head = ring.Next(head);
        }

        ring.Head = ring.Cur = head;
        tx.TxSync();
    }

    // Reads count frames (copies) from RX ring 0 of a raw port, releasing each.
    private static List<byte[]> ReceiveFrames(NetmapPort rx, int count)
    {
        var frames = new List<byte[]>();
        NetmapRing ring = rx.Descriptor.Interface.RxRing(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (frames.Count < count)
        {
            Assert.True(clock.Elapsed < Timeout, $"only {frames.Count} of {count} frames");
            if (ring.IsEmpty)
            {
                rx.Poll(PollEvents.In, 200);
                continue;
            }

            uint head = ring.Head;
            while (!ring.IsEmpty && frames.Count < count)
            {
                ref NetmapSlot slot = ref ring.Slot(head);
                frames.Add(ring.Buffer(slot.BufIdx)[..slot.Len].ToArray());
                head = ring.Next(head);
                ring.Head = ring.Cur = head;
            }

            rx.RxSync();
        }

        return frames;
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

    internal static long SumPackets(MatchCollection reports)
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
