using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The offload check at open (netmap issue #195): GRO on the interface, and TSO/GSO/tx-checksumming on its veth peer
/// when the peer is visible in this namespace, make the rings see merged or unchecksummed frames. They are reported,
/// or switched off and restored at close when the backend's FixOffloads asks for it.
/// </summary>
internal static partial class Offloads
{
    /// <summary>Warns about (or, with <paramref name="fix"/>, switches off) the offloads; returns the ethtool -K arguments that restore them.</summary>
    public static List<string> Check(string dev, bool fix, Action<string> log)
    {
        var restore = new List<string>();
        Check(dev, ["generic-receive-offload"], "gro", fix, restore, log);
        Match peer = PeerIndex().Match(Commands.Output("ethtool", $"-S {dev}"));
        if (peer.Success && uint.TryParse(peer.Groups[1].Value, out uint index) && NameOf(index) is string peerName)
        {
            Check(peerName, ["tx-checksumming", "tcp-segmentation-offload", "generic-segmentation-offload"], "tx|tso|gso", fix, restore, log);
        }
        else if (peer.Success)
        {
            log($"interface {dev}: its veth peer is in another namespace; there run: ethtool -K PEER tx off tso off gso off (else TCP through the rings breaks)");
        }

        return restore;
    }

    private static void Check(string dev, string[] features, string shortNames, bool fix, List<string> restore, Action<string> log)
    {
        string k = Commands.Output("ethtool", $"-k {dev}");
        string[] names = shortNames.Split('|');
        var on = new List<string>();
        for (int i = 0; i < features.Length; i++)
        {
            if (Regex.IsMatch(k, "^" + features[i] + ": on", RegexOptions.Multiline))
            {
                on.Add(names[i] + " off");
            }
        }

        if (on.Count == 0)
        {
            return;
        }

        string off = string.Join(' ', on);
        if (fix && Commands.Run("ethtool", $"-K {dev} {off}", out string output) == 0)
        {
            log($"interface {dev}: switched off offloads that corrupt what the rings see (ethtool -K {dev} {off}); restored at close");
            restore.Add($"{dev} {off.Replace(" off", " on", StringComparison.Ordinal)}");
            return;
        }

        log($"interface {dev}: offloads that corrupt what the rings see are on; run: ethtool -K {dev} {off}");
    }

    private static unsafe string? NameOf(uint index)
    {
        LinuxSys.IfNameIndex* list = LinuxSys.IfNameIndexes();
        string? name = null;
        if (list is not null)
        {
            for (LinuxSys.IfNameIndex* p = list; p->Index != 0; p++)
            {
                if (p->Index == index)
                {
                    name = new string((sbyte*)p->Name);
                }
            }

            LinuxSys.IfFreeNameIndex(list);
        }

        return name;
    }

    [GeneratedRegex(@"peer_ifindex: (\d+)")]
    private static partial Regex PeerIndex();
}
