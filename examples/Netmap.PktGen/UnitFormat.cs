using System;
using System.Globalization;

namespace Netmap.PktGen;

/// <summary>ctrs.h's <c>norm()</c>: the number format of every rate and count pkt-gen prints.</summary>
internal static class UnitFormat
{
    private static readonly string[] Units = ["", "K", "M", "G", "T"];

    /// <summary>
    /// Normalized: divide by 1000 while the value is at least 1000 (at most 4 times), then <c>"%.3f %s"</c> with
    /// the unit ("14.880 M", "60.000 "); raw (<c>-N</c>): <c>"%.0f "</c> and no unit. The caller appends "pps",
    /// "bps" or "pkts" as C does.
    /// </summary>
    public static string Norm(double value, bool normalize)
    {
        if (double.IsNaN(value))
        {
            // -A before any non-zero sample: C computes 0.0/0, which on x86 is the default NaN with the sign bit
            // set, and glibc prints the sign: "%.3f" and "%.0f" give "-nan" (no unit: the loop never divides).
            return "-nan ";
        }

        int i = 0;
        if (normalize)
        {
            for (; value >= 1000 && i < Units.Length - 1; i++)
            {
                value /= 1000;
            }
        }

        // printf rounds half to even on the binary value; "F" formatting of .NET does the same for doubles.
        return normalize
            ? value.ToString("F3", CultureInfo.InvariantCulture) + " " + Units[i]
            : Math.Round(value, MidpointRounding.ToEven).ToString("F0", CultureInfo.InvariantCulture) + " ";
    }
}
