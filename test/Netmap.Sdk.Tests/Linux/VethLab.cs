using System;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>
/// Two network namespaces made for one test, joined by a veth pair: <c>a0</c> (198.18.0.1/24, the netmap side) in
/// <see cref="NsA"/> and <c>b0</c> (198.18.0.2/24, the kernel peer) in <see cref="NsB"/>. IPv6 is off so only the
/// test's traffic flows; offloads that corrupt ring contents are off. Everything is deleted at Dispose.
/// </summary>
public sealed class VethLab : IDisposable
{
    public const string A = "a0";
    public const string B = "b0";
    public const string AddrA = "198.18.0.1";
    public const string AddrB = "198.18.0.2";

    public VethLab(int queues = 1)
    {
        string id = Guid.NewGuid().ToString("N")[..8];
        NsA = "nmt-" + id + "-a";
        NsB = "nmt-" + id + "-b";
        try
        {
            Sh.Must($"ip netns add {NsA} && ip netns add {NsB}");
            Sh.Must($"ip -n {NsA} link add {A} numtxqueues {queues} numrxqueues {queues} type veth peer name {B} netns {NsB} numtxqueues {queues} numrxqueues {queues}");
            foreach ((string ns, string dev, string addr) in new[] { (NsA, A, AddrA), (NsB, B, AddrB) })
            {
                Sh.Must($"ip netns exec {ns} sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1");
                Sh.Must($"ip -n {ns} addr add {addr}/24 dev {dev} && ip -n {ns} link set {dev} up && ip -n {ns} link set lo up");
                Sh.Must($"ip netns exec {ns} ethtool -K {dev} tx off tso off gso off gro off");
            }

            MacA = Mac(NsA, A);
            MacB = Mac(NsB, B);
        }
        catch
        {
            Dispose();
            throw;
        }
    }

    public string NsA { get; }

    public string NsB { get; }

    public string MacA { get; }

    public string MacB { get; }

    public static string Mac(string ns, string dev) => Sh.Out($"ip netns exec {ns} cat /sys/class/net/{dev}/address").Trim();

    public string InA(string command) => Sh.Out($"ip netns exec {NsA} {command}");

    public string InB(string command) => Sh.Out($"ip netns exec {NsB} {command}");

    /// <summary>
    /// ping from b0 to a0: true when at least one reply came back. b0's neighbour cache is flushed first: after
    /// failed pings its entry is FAILED and the first new ping would only restart ARP.
    /// </summary>
    public bool PingFromB(int count = 4, double interval = 0.3) =>
        Sh.Run($"ip netns exec {NsB} sh -c 'ip neigh flush dev {B}; ping -n -q -c {count} -i {interval.ToString(System.Globalization.CultureInfo.InvariantCulture)} -W 1 {AddrA}'", out _) == 0;

    public void Dispose()
    {
        Sh.Run($"ip netns del {NsA}; ip netns del {NsB}", out _);
    }
}
