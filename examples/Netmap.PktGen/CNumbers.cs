using System;

namespace Netmap.PktGen;

/// <summary>
/// C's <c>atoi</c>/<c>strtol</c>/<c>strtoull</c> as pkt-gen uses them: leading digits count, the rest is ignored,
/// no digits is 0. Kept so a command line means what it means to the C tool (e.g. <c>-l 60x</c> is 60).
/// </summary>
internal static class CNumbers
{
    public static int Atoi(string text) => (int)Math.Clamp(StrToL(text, 10), int.MinValue, int.MaxValue);

    /// <summary><c>strtol(text, NULL, base)</c>; base 0 accepts 0x (hex) and a leading 0 (octal).</summary>
    public static long StrToL(string text, int numberBase = 0)
    {
        ReadOnlySpan<char> s = text.AsSpan().TrimStart();
        bool negative = false;
        if (s.Length > 0 && (s[0] == '-' || s[0] == '+'))
        {
            negative = s[0] == '-';
            s = s[1..];
        }

        if (numberBase == 0)
        {
            if (s.Length > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X'))
            {
                numberBase = 16;
                s = s[2..];
            }
            else
            {
                numberBase = s.Length > 0 && s[0] == '0' ? 8 : 10;
            }
        }

        long value = 0;
        foreach (char c in s)
        {
            int digit = c is >= '0' and <= '9' ? c - '0' : c is >= 'a' and <= 'f' ? c - 'a' + 10 : c is >= 'A' and <= 'F' ? c - 'A' + 10 : 99;
            if (digit >= numberBase)
            {
                break;
            }

            value = value > (long.MaxValue - digit) / numberBase ? long.MaxValue : value * numberBase + digit;
        }

        return negative ? -value : value;
    }

    /// <summary><c>strtoull(text, NULL, 10)</c>, where C turns "-1" into 2^64-1.</summary>
    public static ulong StrToULL(string text)
    {
        long v = StrToL(text, 10);
        return unchecked((ulong)v);
    }
}
