using System;
using System.Text.RegularExpressions;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The ip/tc side of the host rings: the TAPs' addresses and state, and the injection TAP's ingress redirect into
/// the interface (host TX). Nothing is installed on the interface itself (its egress steer is a tcx program).
/// </summary>
internal static partial class TrafficControl
{
    /// <summary>The injection TAP gets the interface's MAC (IP ignores frames for another MAC) and MTU, no IPv6 address, and a redirect into the interface.</summary>
    public static int SetUpTap(string dev, string tap, Action<string> log) =>
        SetUpCapture(dev, tap, log) ??
        Tc(log, $"qdisc add dev {tap} handle ffff: ingress") ??
        Tc(log, $"filter add dev {tap} parent ffff: prio 1 u32 match u32 0 0 action mirred ingress redirect dev {dev}") ?? 0;

    /// <summary>A capture TAP is up (a down device drops what is redirected to it) and sends nothing of its own (no IPv6 address).</summary>
    public static int? SetUpCapture(string dev, string tap, Action<string> log)
    {
        string mac = InterfaceInfo.Mac(dev);
        int mtu = InterfaceInfo.Mtu(dev);
        if (Commands.Run("ip", $"link set dev {tap} address {mac} mtu {mtu} addrgenmode none", out string o) != 0 &&
            Commands.Run("ip", $"link set dev {tap} address {mac} mtu {mtu}", out o) != 0)
        {
            log($"configuring {tap}: {o.Trim()}");
            return Errno.EIO;
        }

        return Tc(log, $"link set dev {tap} up", "ip");
    }

    /// <summary>"id N name X" of the XDP program attached to <paramref name="dev"/>, for the EBUSY message.</summary>
    public static string XdpProgramOf(string dev)
    {
        Match m = XdpProg().Match(Commands.Output("ip", $"-d link show dev {dev}"));
        return m.Success ? m.Value.Trim() : "unknown id";
    }

    private static int? Tc(Action<string> log, string args, string file = "tc")
    {
        if (Commands.Run(file, args, out string output) == 0)
        {
            return null;
        }

        log($"{file} {args}: {output.Trim()}");
        return Errno.EIO;
    }

    [GeneratedRegex(@"id \d+( name \S+)?")]
    private static partial Regex XdpProg();
}
