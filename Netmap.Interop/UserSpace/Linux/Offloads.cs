using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The offload check at open (netmap issue #195): GRO on the interface, and TSO/GSO/tx-checksumming on its veth peer
/// when the peer is visible in this namespace, make the rings see merged or unchecksummed frames.
/// </summary>
internal static partial class Offloads
{
    public static void Warn(string dev, Action<string> log)
    {
        Check(dev, ["generic-receive-offload"], "gro", log);
        Match peer = PeerIndex().Match(Commands.Output("ethtool", $"-S {dev}"));
        if (peer.Success && uint.TryParse(peer.Groups[1].Value, out uint index) && NameOf(index) is string peerName)
        {
            Check(peerName, ["tx-checksumming", "tcp-segmentation-offload", "generic-segmentation-offload"], "tx|tso|gso", log);
        }
        else if (peer.Success)
        {
            log($"interface {dev}: its veth peer is in another namespace; there run: ethtool -K PEER tx off tso off gso off (else TCP through the rings breaks)");
        }
    }

    private static void Check(string dev, string[] features, string shortNames, Action<string> log)
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

        if (on.Count > 0)
        {
            log($"interface {dev}: offloads that corrupt what the rings see are on; run: ethtool -K {dev} {string.Join(' ', on)}");
        }
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
