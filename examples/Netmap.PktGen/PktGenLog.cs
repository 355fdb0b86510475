using System;
using System.Globalization;
using System.IO;
using System.Runtime.CompilerServices;
using System.Threading;

namespace Netmap.PktGen;

/// <summary>
/// netmap's <c>D()</c>: <c>SSS.UUUUUU function [line] message</c> on stderr (SSS = wall-clock seconds mod 1000,
/// UUUUUU = microseconds). Function names are pkt-gen.c's, so logs read like the C tool's. Each line is written
/// with one call, so lines of different threads never interleave. Never called per packet.
/// </summary>
internal sealed class PktGenLog(TextWriter writer)
{
    /// <summary>The source line pkt-gen.c's report <c>D()</c> sits on; scripts match it, so it is kept.</summary>
    public const int ReportLine = 2781;

    public TextWriter Writer => writer;

    public void D(string function, string message, [CallerLineNumber] int line = 0) =>
        writer.Write(Prefix(DateTime.UtcNow, function, line) + message + "\n");

    /// <summary><c>RD(lps, …)</c>: at most <paramref name="limit"/>'s lines per second.</summary>
    public void RD(RateLimit limit, string function, string message, [CallerLineNumber] int line = 0)
    {
        if (limit.Allow())
        {
            D(function, message, line);
        }
    }

    /// <summary>The <c>SSS.UUUUUU function [line] </c> prefix for <paramref name="now"/>.</summary>
    public static string Prefix(DateTime now, string function, int line)
    {
        long ticks = now.Ticks - DateTime.UnixEpoch.Ticks;
        long seconds = ticks / TimeSpan.TicksPerSecond;
        long micros = ticks % TimeSpan.TicksPerSecond / 10;
        return string.Create(CultureInfo.InvariantCulture, $"{seconds % 1000:D3}.{micros:D6} {function} [{line}] ");
    }
}

/// <summary>The state of one <c>RD()</c> call site: how many lines it printed in the current second.</summary>
internal sealed class RateLimit(int perSecond)
{
    private long _second = -1;
    private int _count;

    public bool Allow()
    {
        long now = DateTime.UtcNow.Ticks / TimeSpan.TicksPerSecond;
        if (Interlocked.Exchange(ref _second, now) != now)
        {
            _count = 0;
        }

        return _count++ < perSecond;
    }
}
