using System.Globalization;

namespace Netmap.Filters.Rules;

/// <summary>The <c>protocol</c> names tc accepts here and the EtherType each stands for (iproute2's ll_proto table).</summary>
public static class TcProtocols
{
    /// <summary>ETH_P_ALL: the filter sees every frame.</summary>
    public const ushort All = 0x0003;

    /// <summary>ETH_P_802_3: what the kernel calls an 802.3 frame with a raw (0xFFFF) payload.</summary>
    public const ushort Ieee8023 = 0x0001;

    /// <summary>ETH_P_802_2: what the kernel calls other 802.3 (LLC) frames.</summary>
    public const ushort Ieee8022 = 0x0004;

    /// <summary>Maps a name or number to an EtherType.</summary>
    /// <param name="text">ip, ipv6, arp, rarp, all, 802.1q, 802.1ad, 802_3, 802_2 or a number (0x… hex, 0… octal).</param>
    /// <param name="protocol">The EtherType.</param>
    /// <returns>Whether the name is known.</returns>
    public static bool TryParse(string text, out ushort protocol)
    {
        protocol = text switch
        {
            "ip" => 0x0800,
            "ipv6" => 0x86DD,
            "arp" => 0x0806,
            "rarp" => 0x8035,
            "all" => All,
            "802.1Q" or "802.1q" or "8021q" => 0x8100,
            "802.1ad" or "8021ad" => 0x88A8,
            "802_3" => Ieee8023,
            "802_2" => Ieee8022,
            _ => 0,
        };
        if (protocol != 0)
        {
            return true;
        }

        if (TcNumber.TryParseUnsigned(text, 0, out uint value) && value <= ushort.MaxValue && value != 0)
        {
            protocol = (ushort)value;
            return true;
        }

        return false;
    }

    /// <summary>A readable name for an EtherType.</summary>
    /// <param name="protocol">The EtherType.</param>
    /// <returns>The tc name, or 0x-hex.</returns>
    public static string Name(ushort protocol) => protocol switch
    {
        0x0800 => "ip",
        0x86DD => "ipv6",
        0x0806 => "arp",
        All => "all",
        _ => "0x" + protocol.ToString("x4", CultureInfo.InvariantCulture),
    };
}
