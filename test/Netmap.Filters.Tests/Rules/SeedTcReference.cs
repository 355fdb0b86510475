using Netmap.Filters.Rules;

namespace Netmap.Filters.Tests.Rules;

/// <summary>
/// The seed's two tc rules written out by hand from the kernel's behaviour, with no u32 machinery: the oracle the
/// compiled table is compared with. Offsets are fixed (not IHL-aware) and each key needs its whole aligned word.
/// </summary>
public static class SeedTcReference
{
    public static RuleAction Classify(byte[] f)
    {
        if (f.Length < 14)
        {
            return RuleAction.Pass;
        }

        int type = (f[12] << 8) | f[13];
        int l3 = 14;
        int policeLength = f.Length;
        if (type is 0x8100 or 0x88A8)
        {
            if (f.Length < 20)
            {
                return RuleAction.Pass; // the kernel frees it before tc: no tc verdict
            }

            type = (f[16] << 8) | f[17];
            l3 = 18;
            policeLength -= 4;
        }

        if (type != 0x0800)
        {
            return RuleAction.Pass; // "protocol ip" only sees IPv4
        }

        // prio 10: protocol word is bytes 8..11, icmp_type word 20..23 (read in that order).
        bool prio10Readable = f.Length >= l3 + 12 && (f[l3 + 9] != 1 || f.Length >= l3 + 24);
        if (prio10Readable && f[l3 + 9] == 1 && f[l3 + 20] == 8)
        {
            return RuleAction.Pass; // police mtu 1 pass: pass either way
        }

        // prio 1000: "match u8 0 0" reads word 0..3; police mtu 1 drop drops anything longer than 1 byte.
        if (f.Length >= l3 + 4)
        {
            return policeLength > 1 ? RuleAction.Drop : RuleAction.Pass;
        }

        return RuleAction.Pass;
    }
}
