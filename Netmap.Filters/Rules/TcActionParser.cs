using System;

namespace Netmap.Filters.Rules;

/// <summary>
/// The terminal part of a u32 filter: <c>action</c> (gact controls) and <c>police</c> (mtu only), read as
/// iproute2's m_gact.c and m_police.c read them; rate policing is refused because a static table has no clock.
/// </summary>
internal static class TcActionParser
{
    public static void ParseAction(TcCursor c, TcRuleDraft pending, ShellWord keyword)
    {
        EnsureNoTerminalAction(c, pending, keyword);
        ShellWord w = c.Next("an action");
        if (w.Text == "police")
        {
            ParsePolice(c, pending, w);
            return;
        }

        if (w.Text == "gact")
        {
            w = c.Next("a gact control (drop, pass, ok, continue)");
        }

        pending.Action = Control(c, w) ?? throw c.Error("unsupported action (drop, shot, pass, ok, continue, or police)", w);
        pending.HasAction = true;
        pending.Terminal = true;
    }

    public static void ParsePolice(TcCursor c, TcRuleDraft pending, ShellWord keyword)
    {
        EnsureNoTerminalAction(c, pending, keyword);
        long? mtu = null;
        RuleAction? exceed = null;
        RuleAction conform = RuleAction.Pass;
        while (!c.AtEnd)
        {
            ShellWord w = c.Current;
            if (w.Text is "mtu" or "minburst")
            {
                c.Next("mtu");
                ShellWord size = c.Next("a size after 'mtu'");
                if (mtu is not null)
                {
                    throw c.Error("'mtu' given twice", w);
                }

                mtu = ParseSize(c, size);
            }
            else if (w.Text == "conform-exceed")
            {
                c.Next("conform-exceed");
                ShellWord pair = c.Next("EXCEED[/CONFORM]");
                string[] parts = pair.Text.Split('/');
                if (parts.Length > 2)
                {
                    throw c.Error("expected EXCEED[/CONFORM]", pair);
                }

                exceed = Control(c, pair with { Text = parts[0] }) ?? throw c.Error("unsupported exceed action", pair);
                if (parts.Length == 2)
                {
                    conform = Control(c, pair with { Text = parts[1] }) ?? throw c.Error("unsupported conform action", pair);
                }
            }
            else if (w.Text is "rate" or "burst" or "buffer" or "maxburst" or "peakrate" or "avrate" or "pkts_rate"
                or "pkts_burst" or "mpu" or "overhead" or "linklayer" or "index")
            {
                throw c.Error("police rates are time-dependent; use TokenBucket for rate policing (only 'mtu' is supported)", w);
            }
            else if (IsControlWord(w.Text))
            {
                c.Next("a control");
                if (exceed is not null)
                {
                    throw c.Error("police action given twice", w);
                }

                exceed = Control(c, w) ?? throw c.Error("unsupported police action (drop, shot, pass, ok, continue)", w);
            }
            else
            {
                // As in m_police.c, the first word police does not know ends the police spec.
                break;
            }
        }

        if (mtu is null)
        {
            throw c.Error("police needs 'mtu N' (rate policing is not supported)", keyword);
        }

        if (exceed is null)
        {
            throw c.Error("police needs an exceed action (tc's default, reclassify, is not supported)", keyword);
        }

        pending.PoliceMtu = mtu;
        pending.PoliceExceed = exceed.Value;
        pending.PoliceConform = conform;
        pending.HasAction = true;
        pending.Terminal = true;
    }

    private static void EnsureNoTerminalAction(TcCursor c, TcRuleDraft pending, ShellWord keyword)
    {
        if (pending.HasAction)
        {
            throw c.Error("only one action or police per rule is supported", keyword);
        }
    }

    private static bool IsControlWord(string word) =>
        TcCursor.Matches(word, "reclassify") || TcCursor.Matches(word, "drop") || TcCursor.Matches(word, "shot")
        || TcCursor.Matches(word, "continue") || TcCursor.Matches(word, "pass") || TcCursor.Matches(word, "ok")
        || TcCursor.Matches(word, "pipe") || TcCursor.Matches(word, "goto");

    private static RuleAction? Control(TcCursor c, ShellWord w) => w.Text switch
    {
        "drop" or "shot" => RuleAction.Drop,
        "pass" or "ok" => RuleAction.Pass,
        "continue" => RuleAction.Continue,
        "reclassify" or "pipe" or "goto" or "trap" or "jump" =>
            throw c.Error($"'{w.Text}' is not supported here (drop, shot, pass, ok, continue)", w),
        _ => null,
    };

    private static long ParseSize(TcCursor c, ShellWord word)
    {
        // get_size: a number with an optional unit; "/CELL" (cell log) does not matter for an mtu check.
        string text = word.Text;
        int slash = text.IndexOf('/', StringComparison.Ordinal);
        if (slash >= 0)
        {
            text = text[..slash];
        }

        int digits = 0;
        while (digits < text.Length && char.IsAsciiDigit(text[digits]))
        {
            digits++;
        }

        if (digits == 0 || !long.TryParse(text.AsSpan(0, digits), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out long number))
        {
            throw c.Error("bad size", word);
        }

        double bytes = text[digits..].ToLowerInvariant() switch
        {
            "" or "b" => number,
            "k" or "kb" => number * 1024.0,
            "m" or "mb" => number * 1024.0 * 1024.0,
            "g" or "gb" => number * 1024.0 * 1024.0 * 1024.0,
            "bit" => number / 8.0,
            "kbit" => number * 1024.0 / 8.0,
            "mbit" => number * 1024.0 * 1024.0 / 8.0,
            "gbit" => number * 1024.0 * 1024.0 * 1024.0 / 8.0,
            _ => throw c.Error("bad size unit (b, k, kb, m, mb, g, gb, bit, kbit, mbit, gbit)", word),
        };
        if (bytes > uint.MaxValue)
        {
            throw c.Error("size too large", word);
        }

        return (long)bytes;
    }
}
