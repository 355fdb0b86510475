using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// The offload check at open (netmap issue #195): GRO on the interface, and TSO/GSO/tx-checksumming on its veth peer
/// when the peer is visible in this namespace, make the rings see merged or unchecksummed frames. They are reported,
/// or switched off when the backend's FixOffloads asks for it. What was switched off is recorded in a file of the
/// rendezvous directory and put back at the interface's last close, whichever process that is, or, if every holder
/// died, at the next open.
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

    /// <summary>The record of what to put back for interface <paramref name="dev"/> of namespace <paramref name="netns"/>.</summary>
    public static string RecordPath(string directory, ulong netns, string dev) =>
        System.IO.Path.Combine(directory, $"offloads-{netns}-{dev}");

    /// <summary>
    /// Keeps the ethtool -K arguments that restore what this open switched off. An existing record is the original
    /// state (its holder switched them off first), so it is extended, never replaced.
    /// </summary>
    public static void Record(string path, List<string> restore)
    {
        if (restore.Count > 0)
        {
            System.IO.File.AppendAllLines(path, restore);
        }
    }

    /// <summary>Runs and removes the record, in the calling thread's namespace (the interface's).</summary>
    public static void RestoreRecorded(string path, Action<string> log)
    {
        if (!System.IO.File.Exists(path))
        {
            return;
        }

        foreach (string args in System.IO.File.ReadAllLines(path))
        {
            if (args.Length > 0 && Commands.Run("ethtool", "-K " + args, out string output) != 0)
            {
                log($"restoring offloads (ethtool -K {args}): {output.Trim()}");
            }
        }

        System.IO.File.Delete(path);
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
            log($"interface {dev}: switched off offloads that corrupt what the rings see (ethtool -K {dev} {off}); restored at the interface's last close");
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
