using System;
using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Netmap.PktGen;
using Xunit;

namespace Netmap.Examples.Tests;

/// <summary>pkt-gen's number formatting (ctrs.h norm) and its report and summary lines, against §9's formats.</summary>
public sealed class PktGenFormatTests
{
    [Theory]
    [InlineData(14880000.0, "14.880 M")]
    [InlineData(60.0, "60.000 ")]
    [InlineData(0.0, "0.000 ")]
    [InlineData(999.0, "999.000 ")]
    [InlineData(1000.0, "1.000 K")]
    [InlineData(999999.0, "999.999 K")]
    [InlineData(7142400000.0, "7.142 G")]
    [InlineData(1.5e12, "1.500 T")]
    [InlineData(2.5e15, "2500.000 T")] // at most four divisions
    public void Norm_divides_by_1000_up_to_four_times_and_prints_three_decimals_and_the_unit(double value, string expected) =>
        Assert.Equal(expected, UnitFormat.Norm(value, normalize: true));

    [Theory]
    [InlineData(14880000.0, "14880000 ")]
    [InlineData(60.0, "60 ")]
    [InlineData(7142400000.4, "7142400000 ")]
    public void Norm_raw_prints_whole_numbers_without_unit(double value, string expected) =>
        Assert.Equal(expected, UnitFormat.Norm(value, normalize: false));

    [Fact]
    public void Summary_has_the_two_lines_of_tx_output()
    {
        string text = Reporter.Summary("Sent", 1000, 60000, 10, 2.0, 0, normalize: true);
        Assert.Equal(
            "Sent 1000 packets 60000 bytes 10 events 60 bytes each in 2.00 seconds.\n" +
            "Speed: 500.000 pps Bandwidth: 240.000 Kbps (raw 240.000 Kbps). Average batch: 100.00 pkts\n", text);
        Assert.Matches(PktGenFormats.Summary(), text);
        Assert.Matches(PktGenFormats.Speed(), text);
    }

    [Fact]
    public void Summary_with_framing_adds_24_bytes_per_packet_to_raw_bandwidth()
    {
        string text = Reporter.Summary("Received", 1000, 60000, 10, 2.0, PktGenOptions.FramingBits, normalize: true);
        Assert.Contains("Bandwidth: 240.000 Kbps (raw 336.000 Kbps)", text, StringComparison.Ordinal);
    }

    [Fact]
    public void Summary_of_nothing_is_one_line() =>
        Assert.Equal("Sent nothing.\n", Reporter.Summary("Sent", 0, 0, 0, 1.0, 0, normalize: true));

    [Fact]
    public void Report_line_matches_the_C_format()
    {
        var reporter = new Reporter(Options(normalize: true), [], new PktGenLog(System.IO.TextWriter.Null), System.IO.TextWriter.Null);
        string line = PktGenLog.Prefix(DateTime.UtcNow, "main_thread", PktGenLog.ReportLine) +
            reporter.ReportLine(14880000, 14880000L * 60, 29063, 1000000, 99999);
        Match m = PktGenFormats.Report().Match(line);
        Assert.True(m.Success, line);
        Assert.Equal("14.880 M", m.Groups["pps"].Value);
        Assert.Equal("14.880 M", m.Groups["pkts"].Value);
        Assert.Equal("7.142 G", m.Groups["bps"].Value);
        Assert.Equal("1000000", m.Groups["usec"].Value);
        Assert.Equal("511.99", m.Groups["batch"].Value); // 14880000 / 29063, "%.2f"
        Assert.Equal("99999", m.Groups["min"].Value);
        Assert.EndsWith("14.880 Mpps (14.880 Mpkts 7.142 Gbps in 1000000 usec) 511.99 avg_batch 99999 min_space", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Report_line_raw_and_with_pps_stats()
    {
        var raw = new Reporter(Options(normalize: false), [], new PktGenLog(System.IO.TextWriter.Null), System.IO.TextWriter.Null);
        string line = "123.456789 main_thread [2781] " + raw.ReportLine(60, 3600, 0, 1000000, 0);
        Assert.Equal("123.456789 main_thread [2781] 60 pps (60 pkts 28800 bps in 1000000 usec) 0.00 avg_batch 0 min_space", line);
        Assert.Matches(PktGenFormats.RawReport(), line);

        var stats = new Reporter(Options(normalize: true) with { PpsStats = true }, [], new PktGenLog(System.IO.TextWriter.Null), System.IO.TextWriter.Null);
        stats.ReportLine(1000, 60000, 1, 1000000, 0);
        string second = "123.456789 main_thread [2781] " + stats.ReportLine(3000, 180000, 1, 1000000, 0);
        Match m = PktGenFormats.Report().Match(second);
        Assert.True(m.Success, second);
        Assert.Equal("[avg/std 2.000 K/1.000 K pps]", m.Groups["avg"].Value);
    }

    [Fact]
    public void Report_pps_is_rounded_to_the_nearest_packet()
    {
        var reporter = new Reporter(Options(normalize: false), [], new PktGenLog(System.IO.TextWriter.Null), System.IO.TextWriter.Null);
        // 3 packets in 2 s = 1.5 pps: C's (pkts*1e6 + usec/2)/usec rounds half up.
        Assert.StartsWith("2 pps", reporter.ReportLine(3, 180, 1, 2000000, 0), StringComparison.Ordinal);
    }

    [Fact]
    public void Frame_has_valid_ipv4_and_udp_checksums_ttl_64_and_df()
    {
        PktGenOptions o = Options(normalize: true) with
        {
            Source = IpRange.Parse("198.18.0.1:1000-198.18.0.2:1001", out _)!,
            Destination = IpRange.Parse("198.18.0.9:5000", out _)!,
        };
        var packet = new PacketTemplate(o, 1);
        for (int i = 0; i < 6; i++)
        {
            byte[] f = packet.Frame.ToArray();
            Assert.Equal(60, f.Length);
            Assert.Equal(0x0800, f[12] << 8 | f[13]);
            Assert.Equal(0x45, f[14]);
            Assert.Equal(64, f[22]);
            Assert.Equal(0x40, f[20]); // DF
            Assert.Equal(17, f[23]);
            Assert.Equal(0xffff, Fold(PacketTemplate.Sum(f.AsSpan(14, 20))));
            int udpLength = f[38] << 8 | f[39];
            Assert.Equal(60 - 34, udpLength);
            uint pseudo = PacketTemplate.Sum(f.AsSpan(26, 8)) + 17u + (uint)udpLength;
            Assert.Equal(0xffff, Fold(pseudo + PacketTemplate.Sum(f.AsSpan(34, udpLength))));
            packet.Advance();
        }

        // Source port steps first, then the source address, then both wrap.
        Assert.Equal(1000, packet.SourcePort);
        Assert.Equal("198.18.0.2", IpRange.Format(packet.SourceIp));
    }

    [Theory]
    [InlineData(60)]
    [InlineData(43)] // odd: the last payload byte is summed as a high byte
    [InlineData(61)]
    [InlineData(46)] // the sequence number is the whole payload
    public void Frame_checksums_verify_with_an_independent_sum(int size)
    {
        PktGenOptions o = Options(normalize: true) with
        {
            PacketSize = size,
            Source = IpRange.Parse("198.18.0.1:1000-198.18.0.3:1002", out _)!,
            Destination = IpRange.Parse("198.18.1.9:5000-198.18.1.10:5001", out _)!,
        };
        var packet = new PacketTemplate(o, 1);
        for (int i = 0; i < 40; i++)
        {
            packet.SetSequence((uint)(i * 0x01020305));
            byte[] f = packet.Frame.ToArray();
            Assert.Equal(size, f.Length);
            Assert.True(Rfc1071.IpHeaderValid(f), $"IPv4 header checksum, frame {i}");
            Assert.Equal(Rfc1071.UdpChecksum(f), BinaryPrimitives.ReadUInt16BigEndian(f.AsSpan(40)));
            packet.Advance();
        }
    }

    [Fact]
    public void A_udp_checksum_that_computes_to_zero_is_sent_as_zero_as_in_C()
    {
        // Find the source port that makes the checksum come out 0 (one in 65536 does), with the independent sum.
        PktGenOptions o = Options(normalize: true);
        byte[] f = new PacketTemplate(o, 1).Frame.ToArray();
        int port = -1;
        for (int p = 0; p < 65536 && port < 0; p++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(f.AsSpan(34), (ushort)p);
            port = Rfc1071.UdpChecksum(f) == 0 ? p : -1;
        }

        Assert.True(port >= 0);
        var packet = new PacketTemplate(o with { Source = IpRange.Parse($"10.0.0.1:{port}", out _)! }, 1);
        Assert.Equal(port, packet.SourcePort);
        Assert.Equal(0, BinaryPrimitives.ReadUInt16BigEndian(packet.Frame[40..]));
    }

    [Fact]
    public void Norm_of_no_samples_prints_minus_nan_as_glibc()
    {
        Assert.Equal("-nan ", UnitFormat.Norm(double.NaN, normalize: true));
        Assert.Equal("-nan ", UnitFormat.Norm(double.NaN, normalize: false));
        // -A before any non-zero sample: C's 0.0/0 average and deviation.
        var stats = new Reporter(Options(normalize: true) with { PpsStats = true }, [], new PktGenLog(System.IO.TextWriter.Null), System.IO.TextWriter.Null);
        string line = stats.ReportLine(0, 0, 0, 1000000, 0);
        Assert.StartsWith("0.000 pps [avg/std -nan /-nan  pps](0.000 pkts 0.000 bps in 1000000 usec)", line, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(3_000_000, 7)]
    [InlineData(14_880_000, 512)]
    [InlineData(300, 1)]
    [InlineData(999_999, 3333)]
    public void Paced_deadlines_stay_within_a_tick_of_the_exact_time(int rate, int burst)
    {
        var start = new DateTime(2026, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        foreach (long n in new long[] { 1, 3, 1000, 1_000_000, 123_456_789 })
        {
            decimal exactTicks = (decimal)n * burst * 10_000_000m / rate;
            long got = RateClock.Deadline(start, n, burst, rate).Ticks - start.Ticks;
            Assert.InRange((decimal)got, exactTicks - 1, exactTicks);
        }
    }

    [Theory]
    [InlineData("0-3", 4)]
    [InlineData("0", 1)]
    [InlineData("0-3,6,8-9\n", 7)]
    [InlineData("", 0)]
    [InlineData("x", 0)]
    public void Online_cpu_list_is_counted_as_sysconf_does(string text, int expected) =>
        Assert.Equal(expected, PktGenArguments.CountCpuList(text));

    [Fact]
    public void Online_cpus_come_from_sysfs()
    {
        int fromSysfs = PktGenArguments.CountCpuList(System.IO.File.ReadAllText("/sys/devices/system/cpu/online"));
        Assert.Equal(fromSysfs, PktGenArguments.OnlineCpus());
    }

    [Theory]
    [InlineData(new[] { "-z" }, false, true)]
    [InlineData(new[] { "-Z" }, false, true)]
    [InlineData(new[] { "-s", "10.0.0.1:1-10.0.0.1:2" }, true, true)]
    [InlineData(new[] { "-d", "10.1.0.1-10.1.0.2" }, true, true)]
    [InlineData(new string[0], false, false)]
    public void Only_ranges_force_a_write_per_packet_as_OPT_COPY(string[] extra, bool copyEvery, bool changesAddresses)
    {
        string[] args = ["-f", "tx", "-i", "netmap:x{1", .. extra];
        PktGenOptions? o = PktGenArguments.Parse(args, new PktGenLog(System.IO.TextWriter.Null), out _);
        Assert.NotNull(o);
        Assert.Equal(copyEvery, o.CopyEveryPacket);
        Assert.Equal(changesAddresses, o.AddressesChange);
    }

    [Fact]
    public void Ip_range_parses_ports_and_orders_the_ends()
    {
        IpRange r = IpRange.Parse("198.18.0.9:7-198.18.0.2:3", out _)!;
        Assert.Equal("198.18.0.2", IpRange.Format(r.Start));
        Assert.Equal("198.18.0.9", IpRange.Format(r.End));
        Assert.Equal((3, 7), (r.Port0, r.Port1));
        IpRange single = IpRange.Parse("10.0.0.1", out _)!;
        Assert.Equal((IpRange.DefaultPort, IpRange.DefaultPort), (single.Port0, single.Port1));
        Assert.False(single.IsRange);
        Assert.Null(IpRange.Parse("10.0.0", out string? error));
        Assert.Contains("invalid IPv4 address", error, StringComparison.Ordinal);
    }

    internal static PktGenOptions Options(bool normalize) => new()
    {
        PortName = "netmap:x{1",
        Source = IpRange.Parse("10.0.0.1", out _)!,
        Destination = IpRange.Parse("10.1.0.1", out _)!,
        SourceMac = MacText.Zero,
        DestinationMac = MacText.Broadcast,
        Normalize = normalize,
    };

    private static int Fold(uint sum)
    {
        while (sum > 0xffff)
        {
            sum = (sum & 0xffff) + (sum >> 16);
        }

        return (int)sum;
    }
}
