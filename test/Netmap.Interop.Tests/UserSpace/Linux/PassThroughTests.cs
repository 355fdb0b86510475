using System;
using System.Text.Json;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Real traffic (iperf3 TCP, nc UDP, ping in transparent mode) through a program holding <c>netmap:a0*</c>.</summary>
public sealed class PassThroughTests
{
    private readonly ITestOutputHelper _out;

    public PassThroughTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Iperf3_tcp_through_host_pass_through_reports_throughput()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using var fwd = new HostForwarder(lab, rv.Backend);
        const long bytes = 20L * 1024 * 1024;
        var server = new Background<string>(() => lab.InA("timeout 15 iperf3 -s -1 -J -p 5201"));
        System.Threading.Thread.Sleep(500);
        string client = lab.InB($"timeout 15 iperf3 -c {VethLab.AddrA} -p 5201 -n {bytes} -J");
        string serverJson = server.Join();
        using JsonDocument c = JsonDocument.Parse(client);
        using JsonDocument s = JsonDocument.Parse(serverJson);
        JsonElement received = s.RootElement.GetProperty("end").GetProperty("sum_received");
        long got = received.GetProperty("bytes").GetInt64();
        double mbps = c.RootElement.GetProperty("end").GetProperty("sum_received").GetProperty("bits_per_second").GetDouble() / 1e6;
        _out.WriteLine($"iperf3 TCP through a0* pass-through (unpinned, copy mode): {got} bytes received, {mbps:F0} Mbit/s, {fwd.Frames} frames forwarded");
        long sent = c.RootElement.GetProperty("end").GetProperty("sum_sent").GetProperty("bytes").GetInt64();

        // iperf3 sends whole 128 KiB blocks (so a little more than -n), and its server stops counting at the
        // end-of-test message, which can overtake the last segments; byte-exactness is the nc TCP test's job.
        Assert.True(sent >= bytes, $"sent {sent}");
        Assert.InRange(got, bytes * 8 / 10, sent);
    }

    [Fact]
    public void Nc_tcp_file_through_host_pass_through_arrives_byte_for_byte()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using var fwd = new HostForwarder(lab, rv.Backend);
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nmus-tcp-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            byte[] data = new byte[8 * 1024 * 1024];
            new Random(11).NextBytes(data);
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(dir, "in"), data);
            var listener = new Background<string>(() => lab.InA($"timeout 15 nc -l 7001 > {dir}/out"));
            System.Threading.Thread.Sleep(500);
            var sw = System.Diagnostics.Stopwatch.StartNew();
            lab.InB($"timeout 12 nc -N {VethLab.AddrA} 7001 < {dir}/in");
            listener.Join();
            byte[] got = System.IO.File.ReadAllBytes(System.IO.Path.Combine(dir, "out"));
            _out.WriteLine($"nc TCP: {got.Length} of {data.Length} bytes in {sw.ElapsedMilliseconds} ms, {fwd.Frames} frames forwarded");
            Assert.Equal(data, got);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Nc_udp_through_host_pass_through_arrives_intact_including_ip_fragments()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using var fwd = new HostForwarder(lab, rv.Backend);
        string dir = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "nmus-nc-" + Guid.NewGuid().ToString("N")[..8]);
        System.IO.Directory.CreateDirectory(dir);
        try
        {
            byte[] data = new byte[8000];
            new Random(7).NextBytes(data);
            System.IO.File.WriteAllBytes(System.IO.Path.Combine(dir, "in"), data);
            var listener = new Background<string>(() => lab.InA($"timeout 8 nc -u -l -W 1 7000 > {dir}/out"));
            System.Threading.Thread.Sleep(500);
            lab.InB($"timeout 5 nc -u -w 1 {VethLab.AddrA} 7000 < {dir}/in");
            listener.Join();
            byte[] got = System.IO.File.ReadAllBytes(System.IO.Path.Combine(dir, "out"));
            _out.WriteLine($"nc UDP: {got.Length} of {data.Length} bytes, {fwd.Frames} frames forwarded");
            Assert.Equal(data, got);
        }
        finally
        {
            System.IO.Directory.Delete(dir, recursive: true);
        }
    }

    [Fact]
    public void Transparent_mode_forwards_ns_forward_slots_both_ways_and_nothing_else()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using var fwd = new HostForwarder(lab, rv.Backend, transparent: true);
        Assert.True(lab.PingFromB(), "ping with every slot released with NS_FORWARD");
        fwd.PassToHost = false;
        Assert.False(lab.PingFromB(2), "ping with NIC slots released without NS_FORWARD");
        fwd.PassToHost = true;
        Assert.True(lab.PingFromB(), "ping after forwarding again");
    }
}
