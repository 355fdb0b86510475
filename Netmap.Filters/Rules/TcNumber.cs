using System;

namespace Netmap.Filters.Rules;

/// <summary>iproute2's number parsing (strtoul/strtol with a base), so values mean what they mean to tc.</summary>
internal static class TcNumber
{
    /// <summary>get_u32: base 0 means 0x… hex, 0… octal, else decimal; base 16 also takes an optional 0x.</summary>
    public static bool TryParseUnsigned(string text, int numberBase, out uint value)
    {
        value = 0;
        if (!TryDigits(text, numberBase, out ulong parsed) || parsed > uint.MaxValue)
        {
            return false;
        }

        value = (uint)parsed;
        return true;
    }

    /// <summary>get_integer: like get_u32 with an optional leading minus, within int range.</summary>
    public static bool TryParseSigned(string text, out int value)
    {
        value = 0;
        bool negative = text.StartsWith('-');
        if (!TryDigits(negative ? text[1..] : text, 0, out ulong parsed) || parsed > (negative ? 2147483648UL : int.MaxValue))
        {
            return false;
        }

        value = negative ? (int)-(long)parsed : (int)parsed;
        return true;
    }

    private static bool TryDigits(string text, int numberBase, out ulong value)
    {
        value = 0;
        ReadOnlySpan<char> s = text;
        if ((numberBase is 0 or 16) && s.Length > 2 && s[0] == '0' && (s[1] is 'x' or 'X'))
        {
            numberBase = 16;
            s = s[2..];
        }
        else if (numberBase == 0)
        {
            numberBase = s.Length > 1 && s[0] == '0' ? 8 : 10;
        }

        if (s.IsEmpty)
        {
            return false;
        }

        foreach (char c in s)
        {
            int digit = c switch
            {
                >= '0' and <= '9' => c - '0',
                >= 'a' and <= 'f' => c - 'a' + 10,
                >= 'A' and <= 'F' => c - 'A' + 10,
                _ => 99,
            };
            if (digit >= numberBase)
            {
                return false;
            }

            value = (value * (ulong)numberBase) + (ulong)digit;
            if (value > uint.MaxValue * 2UL)
            {
                return false;
            }
        }

        return true;
    }
}
