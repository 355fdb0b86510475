using System.Collections.Generic;
using System.Net;

namespace Netmap.Filters.Rules;

/// <summary>
/// Builds u32 keys from <c>match</c> selectors exactly as iproute2's tc/f_u32.c does: the same fixed offsets
/// (ip protocol 9, src 12, dst 16, sport 20, dport 22, icmp_type 20, icmp_code 21 — not IHL-aware), the same
/// packing of u8/u16 into aligned 32-bit words, and the same merging of keys that share a word.
/// </summary>
internal sealed class U32Selector
{
    private const int MaxKeys = 128;
    private readonly List<TcKey> _keys = new();

    public IReadOnlyList<TcKey> Keys => _keys;

    public void ParseMatch(TcCursor c)
    {
        ShellWord kind = c.Next("a selector after 'match' (u32, u16, u8, ip, ip6, udp, tcp, icmp, ether)");
        string k = kind.Text;
        if (TcCursor.Matches(k, "u32"))
        {
            ParseUnsigned(c, 32, 0, 0);
        }
        else if (TcCursor.Matches(k, "u16"))
        {
            ParseUnsigned(c, 16, 0, 0);
        }
        else if (TcCursor.Matches(k, "u8"))
        {
            ParseUnsigned(c, 8, 0, 0);
        }
        else if (TcCursor.Matches(k, "ip"))
        {
            ParseIp(c);
        }
        else if (TcCursor.Matches(k, "ip6"))
        {
            ParseIp6(c);
        }
        else if (TcCursor.Matches(k, "udp") || TcCursor.Matches(k, "tcp"))
        {
            ShellWord field = c.Next("'src' or 'dst'");
            int off = field.Text switch { "src" => 0, "dst" => 2, _ => throw c.Error("expected 'src' or 'dst'", field) };
            ParseUnsigned(c, 16, off, -1);
        }
        else if (TcCursor.Matches(k, "icmp"))
        {
            ShellWord field = c.Next("'type' or 'code'");
            int off = field.Text switch { "type" => 0, "code" => 1, _ => throw c.Error("expected 'type' or 'code'", field) };
            ParseUnsigned(c, 8, off, -1);
        }
        else if (TcCursor.Matches(k, "mark"))
        {
            throw c.Error("'match mark' is not supported (this kernel's u32 silently matches every packet with it)", kind);
        }
        else if (TcCursor.Matches(k, "ether"))
        {
            ParseEther(c);
        }
        else
        {
            throw c.Error("unknown selector; expected u32, u16, u8, ip, ip6, udp, tcp, icmp or ether", kind);
        }
    }

    private void ParseIp(TcCursor c)
    {
        ShellWord field = c.Next("an ip field");
        string f = field.Text;
        switch (f)
        {
            case "src":
                ParseAddress(c, 12);
                return;
            case "dst":
                ParseAddress(c, 16);
                return;
            case "tos":
                ParseUnsigned(c, 8, 1, 0);
                return;
            case "ihl":
                ParseUnsigned(c, 8, 0, 0);
                return;
            case "protocol":
                ParseUnsigned(c, 8, 9, 0);
                return;
            case "nofrag":
                Pack16(0, 0x3FFF, 6, 0, c, field);
                return;
            case "firstfrag":
                Pack16(0x2000, 0x3FFF, 6, 0, c, field);
                return;
            case "df":
                Pack16(0x4000, 0x4000, 6, 0, c, field);
                return;
            case "mf":
                Pack16(0x2000, 0x2000, 6, 0, c, field);
                return;
            case "dport":
                ParseUnsigned(c, 16, 22, 0);
                return;
            case "sport":
                ParseUnsigned(c, 16, 20, 0);
                return;
            case "icmp_type":
                ParseUnsigned(c, 8, 20, 0);
                return;
            case "icmp_code":
                ParseUnsigned(c, 8, 21, 0);
                return;
        }

        if (TcCursor.Matches(f, "dsfield") || TcCursor.Matches(f, "precedence"))
        {
            ParseUnsigned(c, 8, 1, 0);
            return;
        }

        throw c.Error("unknown ip field", field);
    }

    private void ParseIp6(TcCursor c)
    {
        ShellWord field = c.Next("an ip6 field");
        switch (field.Text)
        {
            case "src":
                ParseAddress6(c, 8);
                return;
            case "dst":
                ParseAddress6(c, 24);
                return;
            case "protocol":
                ParseUnsigned(c, 8, 6, 0);
                return;
            case "flowlabel":
                ParseUnsigned(c, 32, 0, 0);
                return;
            case "dport":
                ParseUnsigned(c, 16, 42, 0);
                return;
            case "sport":
                ParseUnsigned(c, 16, 40, 0);
                return;
            case "icmp_type":
                ParseUnsigned(c, 8, 40, 0);
                return;
            case "icmp_code":
                // iproute2 passes offmask 1 here; without 'offset' it changes nothing but the key's identity.
                ParseUnsigned(c, 8, 41, 1);
                return;
            default:
                throw c.Error("unknown or unsupported ip6 field", field);
        }
    }

    private void ParseUnsigned(TcCursor c, int bits, int off, int offmask)
    {
        ShellWord valueWord = c.Next("a value");
        if (!TcNumber.TryParseUnsigned(valueWord.Text, 0, out uint value))
        {
            throw c.Error("bad value (decimal, 0x hex or 0 octal)", valueWord);
        }

        ShellWord maskWord = c.Next("a mask");
        // f_u32.c reads masks with base 16: "255" means 0x255.
        if (!TcNumber.TryParseUnsigned(maskWord.Text, 16, out uint mask))
        {
            throw c.Error("bad mask (hexadecimal)", maskWord);
        }

        (off, offmask) = ParseAt(c, off, offmask);
        ShellWord at = valueWord;
        switch (bits)
        {
            case 32:
                Pack(value, mask, off, offmask, c, at);
                break;
            case 16:
                if (value > 0xFFFF || mask > 0xFFFF)
                {
                    throw c.Error("u16 value and mask must fit in 16 bits", value > 0xFFFF ? valueWord : maskWord);
                }

                Pack16(value, mask, off, offmask, c, at);
                break;
            default:
                if (value > 0xFF || mask > 0xFF)
                {
                    throw c.Error("u8 value and mask must fit in 8 bits", value > 0xFF ? valueWord : maskWord);
                }

                Pack8(value, mask, off, offmask, c, at);
                break;
        }
    }

    private static (int Off, int OffMask) ParseAt(TcCursor c, int off, int offmask)
    {
        if (c.Peek != "at")
        {
            return (off, offmask);
        }

        c.Next("at");
        ShellWord where = c.Next("an offset after 'at'");
        if (where.Text.StartsWith("nexthdr+", System.StringComparison.Ordinal) || TcCursor.Matches(where.Text, "nexthdr+"))
        {
            throw c.Error("'at nexthdr+' needs hash-table links, which are not supported", where);
        }

        if (!TcNumber.TryParseSigned(where.Text, out int parsed))
        {
            throw c.Error("bad offset after 'at'", where);
        }

        return (parsed, offmask);
    }

    private void ParseAddress(TcCursor c, int off)
    {
        ShellWord word = c.Next("an IPv4 address or prefix");
        uint address;
        int bits;
        if (word.Text is "any" or "all" or "default")
        {
            address = 0;
            bits = 0;
        }
        else if (IpPrefix.TryParse(word.Text, out IpPrefix prefix) && !prefix.IsIpv6)
        {
            int slash = word.Text.IndexOf('/', System.StringComparison.Ordinal);
            string addressText = slash < 0 ? word.Text : word.Text[..slash];
            byte[] bytes = IPAddress.Parse(addressText).GetAddressBytes();
            address = ((uint)bytes[0] << 24) | ((uint)bytes[1] << 16) | ((uint)bytes[2] << 8) | bytes[3];
            bits = prefix.PrefixLength;
        }
        else
        {
            throw c.Error("bad IPv4 address or prefix", word);
        }

        (off, int offmask) = ParseAt(c, off, 0);
        uint mask = bits == 0 ? 0 : uint.MaxValue << (32 - bits);
        Pack(address, mask, off, offmask, c, word);
    }

    private void ParseAddress6(TcCursor c, int off)
    {
        ShellWord word = c.Next("an IPv6 address or prefix");
        if (!IpPrefix.TryParse(word.Text, out IpPrefix prefix) || !prefix.IsIpv6)
        {
            throw c.Error("bad IPv6 address or prefix", word);
        }

        int slash = word.Text.IndexOf('/', System.StringComparison.Ordinal);
        byte[] bytes = IPAddress.Parse(slash < 0 ? word.Text : word.Text[..slash]).GetAddressBytes();
        (off, int offmask) = ParseAt(c, off, 0);
        int plen = prefix.PrefixLength;
        for (int i = 0; i < plen; i += 32)
        {
            uint data = ((uint)bytes[i / 8] << 24) | ((uint)bytes[(i / 8) + 1] << 16) | ((uint)bytes[(i / 8) + 2] << 8) | bytes[(i / 8) + 3];
            // Same boundary test as parse_ip6_addr (i + 31 <= plen), kept even though it looks off by one.
            uint mask = i + 31 <= plen ? uint.MaxValue : uint.MaxValue << (32 - (plen - i));
            Pack(data, mask, off + (4 * (i / 32)), offmask, c, word);
        }
    }

    private void ParseEther(TcCursor c)
    {
        ShellWord field = c.Next("'src' or 'dst'");
        int off = field.Text switch
        {
            "src" => -8,
            "dst" => -14,
            _ => throw c.Error("expected 'src' or 'dst'", field),
        };
        ShellWord word = c.Next("a MAC address");
        string[] parts = word.Text.Split(':');
        var mac = new byte[6];
        bool ok = parts.Length == 6;
        for (int i = 0; ok && i < 6; i++)
        {
            ok = parts[i].Length is 1 or 2 && TcNumber.TryParseUnsigned(parts[i], 16, out uint b) && (mac[i] = (byte)b) == b;
        }

        if (!ok)
        {
            throw c.Error("bad MAC address", word);
        }

        (off, int offmask) = ParseAt(c, off, 0);
        for (int i = 0; i < 6; i++)
        {
            Pack8(mac[i], 0xFF, off + i, offmask, c, word);
        }
    }

    private void Pack16(uint key, uint mask, int off, int offmask, TcCursor c, ShellWord at)
    {
        if ((off & 3) == 0)
        {
            key <<= 16;
            mask <<= 16;
        }

        Pack(key, mask, off & ~3, offmask, c, at);
    }

    private void Pack8(uint key, uint mask, int off, int offmask, TcCursor c, ShellWord at)
    {
        int shift = (off & 3) switch { 0 => 24, 1 => 16, 2 => 8, _ => 0 };
        Pack(key << shift, mask << shift, off & ~3, offmask, c, at);
    }

    private void Pack(uint key, uint mask, int off, int offmask, TcCursor c, ShellWord at)
    {
        key &= mask;
        for (int i = 0; i < _keys.Count; i++)
        {
            TcKey existing = _keys[i];
            if (existing.Offset == off && existing.OffsetMask == offmask)
            {
                if (((key ^ existing.Value) & mask & existing.Mask) != 0)
                {
                    throw c.Error("this match contradicts an earlier match on the same word", at);
                }

                _keys[i] = existing with { Value = existing.Value | key, Mask = existing.Mask | mask };
                return;
            }
        }

        if (_keys.Count >= MaxKeys)
        {
            throw c.Error("more than 128 keys in one u32 filter", at);
        }

        if (off % 4 != 0)
        {
            throw c.Error("a u32 key offset must be a multiple of 4", at);
        }

        _keys.Add(new TcKey(off, key, mask, offmask));
    }
}
