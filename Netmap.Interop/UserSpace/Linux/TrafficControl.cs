using System;
using System.Text.RegularExpressions;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The tc side of the host rings: the TAP's ingress redirect to the interface (host TX) and the interface's clsact
/// egress redirect to the TAP (host RX). The clsact qdisc exists only while the redirect does, so a clsact whose
/// only filter has our priority is ours, and one left by a dead process is removed at the next open.
/// </summary>
internal static partial class TrafficControl
{
    private static readonly string OurPref = "pref " + ArtifactNames.FilterPriority.ToString(System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>EBUSY when the interface carries an ingress or clsact qdisc that is not ours; removes a stale one of ours.</summary>
    public static int CheckQdiscs(string dev, Action<string> log)
    {
        string qdiscs = Commands.Output("tc", $"qdisc show dev {dev}");
        if (qdiscs.Contains("qdisc ingress", StringComparison.Ordinal))
        {
            log($"interface {dev} already has an ingress qdisc; remove it first (tc qdisc del dev {dev} ingress)");
            return Errno.EBUSY;
        }

        if (!qdiscs.Contains("qdisc clsact", StringComparison.Ordinal))
        {
            return 0;
        }

        string egress = Commands.Output("tc", $"filter show dev {dev} egress");
        string ingress = Commands.Output("tc", $"filter show dev {dev} ingress");
        bool onlyOurs = egress.Contains(OurPref, StringComparison.Ordinal) && ingress.Trim().Length == 0 &&
            !OtherPref().IsMatch(egress.Replace(OurPref, string.Empty, StringComparison.Ordinal));
        if (onlyOurs)
        {
            log($"interface {dev}: removing the clsact qdisc and redirect a dead user-space netmap process left");
            Commands.Run("tc", $"qdisc del dev {dev} clsact", out _);
            return 0;
        }

        log($"interface {dev} already has a clsact qdisc in use; remove it first (tc qdisc del dev {dev} clsact)");
        return Errno.EBUSY;
    }

    /// <summary>The TAP gets the interface's MAC (IP ignores frames for another MAC) and MTU, no IPv6 address, and a redirect into the interface.</summary>
    public static int SetUpTap(string dev, string tap, Action<string> log)
    {
        string mac = InterfaceInfo.Mac(dev);
        int mtu = InterfaceInfo.Mtu(dev);
        if (Commands.Run("ip", $"link set dev {tap} address {mac} mtu {mtu} addrgenmode none", out string o) != 0 &&
            Commands.Run("ip", $"link set dev {tap} address {mac} mtu {mtu}", out o) != 0)
        {
            log($"configuring {tap}: {o.Trim()}");
            return Errno.EIO;
        }

        return Tc(log, $"link set dev {tap} up", "ip") ??
            Tc(log, $"qdisc add dev {tap} handle ffff: ingress") ??
            Tc(log, $"filter add dev {tap} parent ffff: prio 1 u32 match u32 0 0 action mirred ingress redirect dev {dev}") ?? 0;
    }

    public static int RedirectEgress(string dev, string tap, Action<string> log) =>
        Tc(log, $"qdisc add dev {dev} clsact") ??
        Tc(log, $"filter add dev {dev} egress prio {ArtifactNames.FilterPriority} u32 match u32 0 0 action mirred egress redirect dev {tap}") ?? 0;

    public static void RemoveEgress(string dev, Action<string> log) => Tc(log, $"qdisc del dev {dev} clsact");

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

    [GeneratedRegex(@"pref \d+")]
    private static partial Regex OtherPref();

    [GeneratedRegex(@"id \d+( name \S+)?")]
    private static partial Regex XdpProg();
}
