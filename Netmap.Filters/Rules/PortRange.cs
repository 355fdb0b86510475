using System;
using System.Globalization;

namespace Netmap.Filters.Rules;

/// <summary>An inclusive range of transport ports; a single port is a range of one.</summary>
/// <param name="First">Lowest port.</param>
/// <param name="Last">Highest port.</param>
public readonly record struct PortRange(ushort First, ushort Last)
{
    /// <summary>Every port.</summary>
    public static PortRange All => new(0, ushort.MaxValue);

    /// <summary>A single port.</summary>
    /// <param name="port">The port.</param>
    /// <returns>The range.</returns>
    public static PortRange Single(ushort port) => new(port, port);

    /// <summary>True when <paramref name="port"/> is inside the range.</summary>
    /// <param name="port">A port.</param>
    /// <returns>Whether it is in range.</returns>
    public bool Contains(int port) => port >= First && port <= Last;

    /// <summary>Parses iptables' forms: "4321", "1000:2000", ":1024" (from 0), "1024:" (to 65535).</summary>
    /// <param name="text">The text.</param>
    /// <param name="range">The range when valid.</param>
    /// <returns>Whether the text is valid (and first ≤ last).</returns>
    public static bool TryParse(string text, out PortRange range)
    {
        range = default;
        if (string.IsNullOrEmpty(text))
        {
            return false;
        }

        int colon = text.IndexOf(':', StringComparison.Ordinal);
        if (colon < 0)
        {
            if (!TryPort(text, out ushort port))
            {
                return false;
            }

            range = Single(port);
            return true;
        }

        string low = text[..colon];
        string high = text[(colon + 1)..];
        ushort first = 0;
        ushort last = ushort.MaxValue;
        if ((low.Length > 0 && !TryPort(low, out first)) || (high.Length > 0 && !TryPort(high, out last))
            || (low.Length == 0 && high.Length == 0) || first > last)
        {
            return false;
        }

        range = new PortRange(first, last);
        return true;
    }

    /// <summary>"4321" or "1000:2000".</summary>
    /// <returns>The text form.</returns>
    public override string ToString() =>
        First == Last ? First.ToString(CultureInfo.InvariantCulture)
            : string.Create(CultureInfo.InvariantCulture, $"{First}:{Last}");

    private static bool TryPort(string text, out ushort port) =>
        ushort.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out port);
}
