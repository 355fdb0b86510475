using System;
using System.Globalization;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using Netmap.Filters.Rules;

namespace Netmap.Filters.Tests.Rules;

/// <summary>
/// Random one-key u8/u16 rules against a byte-level reference: the byte(s) at the offset compared under the mask,
/// with the kernel's condition that the whole aligned 32-bit word holding them is inside the packet.
/// </summary>
public sealed class U32KeyProperties
{
    private static Arbitrary<(int Bits, int Value, int Mask, int Offset)> Keys() =>
        (from bits in Gen.Elements(8, 16)
         from value in Gen.Choose(0, bits == 8 ? 0xFF : 0xFFFF)
         from mask in Gen.OneOf(Gen.Constant(bits == 8 ? 0xFF : 0xFFFF), Gen.Choose(0, bits == 8 ? 0xFF : 0xFFFF))
         from offset in Gen.Choose(0, 60).Select(o => bits == 16 ? o & ~1 : o)
         select (bits, value, mask, offset)).ToArbitrary();

    [Property(MaxTest = 3000)]
    public Property A_single_key_rule_matches_exactly_the_bytes_it_names() =>
        Prop.ForAll(Keys(), FrameGenerators.AnyFrames(), (key, frame) =>
        {
            string text = string.Create(CultureInfo.InvariantCulture,
                $"tc filter add dev eth0 parent ffff: protocol ip prio 1 u32 match u{key.Bits} {key.Value} 0x{key.Mask:x} at {key.Offset} action drop");
            RuleAction actual = TcRuleTable.Parse(text).Evaluate(frame);
            return (actual == Reference(key, frame)).Label(text + " on " + Convert.ToHexString(frame));
        });

    private static RuleAction Reference((int Bits, int Value, int Mask, int Offset) key, byte[] f)
    {
        if (f.Length < 14)
        {
            return RuleAction.Pass;
        }

        int type = (f[12] << 8) | f[13];
        int l3 = 14;
        if (type is 0x8100 or 0x88A8)
        {
            if (f.Length < 20)
            {
                return RuleAction.Pass;
            }

            type = (f[16] << 8) | f[17];
            l3 = 18;
        }

        int wordEnd = l3 + (key.Offset & ~3) + 4;
        if (type != 0x0800 || f.Length < wordEnd)
        {
            return RuleAction.Pass;
        }

        // iproute2 puts a u16 at an offset ≡ 2 (mod 4) in the low half of the word, which is where those bytes are.
        int field = key.Bits == 8 ? f[l3 + key.Offset] : (f[l3 + key.Offset] << 8) | f[l3 + key.Offset + 1];
        return (field & key.Mask) == (key.Value & key.Mask) ? RuleAction.Drop : RuleAction.Pass;
    }
}
