using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace Netmap.PktGen;

/// <summary>
/// pkt-gen's <c>struct ip_range</c> for IPv4: <c>ip[:port][-ip[:port]]</c>, port 1234 unless given; the ends are
/// ordered (C swaps them). <see cref="Name"/> is the text as given, which the startup line prints.
/// </summary>
internal sealed record IpRange(string Name, uint Start, uint End, ushort Port0, ushort Port1)
{
    public const ushort DefaultPort = 1234;

    public bool IsRange => Start != End || Port0 != Port1;

    /// <summary>Parses <paramref name="text"/>; null with <paramref name="error"/> when an address is not IPv4.</summary>
    public static IpRange? Parse(string text, out string? error)
    {
        // As extract_ip_range: the first '-' splits start and end; each may carry ":port" (strtol base 0).
        int dash = text.IndexOf('-', StringComparison.Ordinal);
        string first = dash < 0 ? text : text[..dash];
        ushort port0 = DefaultPort;
        if (!ParseEnd(first, ref port0, out uint start, out error))
        {
            return null;
        }

        ushort port1 = port0;
        uint end = start;
        if (dash >= 0 && !ParseEnd(text[(dash + 1)..], ref port1, out end, out error))
        {
            return null;
        }

        if (start > end)
        {
            (start, end) = (end, start);
        }

        if (port0 > port1)
        {
            (port0, port1) = (port1, port0);
        }

        return new IpRange(text, start, end, port0, port1);
    }

    public static string Format(uint address) =>
        string.Create(CultureInfo.InvariantCulture, $"{address >> 24}.{(address >> 16) & 0xff}.{(address >> 8) & 0xff}.{address & 0xff}");

    private static bool ParseEnd(string part, ref ushort port, out uint address, out string? error)
    {
        address = 0;
        error = null;
        int colon = part.IndexOf(':', StringComparison.Ordinal);
        if (colon >= 0)
        {
            port = (ushort)CNumbers.StrToL(part[(colon + 1)..]);
            part = part[..colon];
        }

        // C ignores inet_pton's failure and sends from whatever the stack held; a typo is reported here instead.
        if (!IPAddress.TryParse(part, out IPAddress? ip) || ip.AddressFamily != AddressFamily.InterNetwork
            || part.Split('.').Length != 4)
        {
            error = $"invalid IPv4 address '{part}' (give ip[:port][-ip[:port]], e.g. 198.18.0.1:1234)";
            return false;
        }

        Span<byte> bytes = stackalloc byte[4];
        ip.TryWriteBytes(bytes, out _);
        address = (uint)(bytes[0] << 24 | bytes[1] << 16 | bytes[2] << 8 | bytes[3]);
        return true;
    }
}

/// <summary>A MAC address as given (printed on the startup line) and its six bytes.</summary>
internal sealed record MacText(string Name, byte[] Bytes)
{
    public static readonly MacText Broadcast = Parse("ff:ff:ff:ff:ff:ff")!;

    public static readonly MacText Zero = Parse("00:00:00:00:00:00")!;

    /// <summary>glibc's <c>ether_aton</c>: six hex groups of 1-2 digits separated by ':'; null when invalid.</summary>
    public static MacText? Parse(string text)
    {
        string[] parts = text.Split(':');
        if (parts.Length != 6)
        {
            return null;
        }

        var bytes = new byte[6];
        for (int i = 0; i < 6; i++)
        {
            if (parts[i].Length is < 1 or > 2 ||
                !byte.TryParse(parts[i], NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out bytes[i]))
            {
                return null;
            }
        }

        return new MacText(text, bytes);
    }
}
