using System;
using System.Threading;

namespace Netmap.PktGen;

/// <summary>pkt-gen's -R pacing: <c>wait_time</c> (sleep while more than 1 ms is left, then spin) on the wall clock.</summary>
internal static class RateClock
{
    /// <summary>The start of a paced run: the whole second 1-2 s from now (C: tic + 2 s, nanoseconds cleared).</summary>
    public static DateTime PacedStart(DateTime now) =>
        new(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond + 2 * TimeSpan.TicksPerSecond, DateTimeKind.Utc);

    /// <summary>Waits until <paramref name="when"/> (or a stop); returns the time it woke.</summary>
    public static DateTime WaitUntil(DateTime when, PktGenThread thread)
    {
        while (true)
        {
            DateTime now = DateTime.UtcNow;
            long left = when.Ticks - now.Ticks;
            if (left < 0 || thread.Cancel)
            {
                return now;
            }

            if (left > TimeSpan.TicksPerMillisecond)
            {
                Thread.Sleep(1);
            }
        }
    }

    /// <summary>
    /// When burst <paramref name="n"/> (1 = the first) of <paramref name="burst"/> packets at <paramref name="rate"/>
    /// pps is due: <paramref name="start"/> + n·burst·10⁹/rate ns, computed afresh each time so the rounding to
    /// 100 ns ticks never accumulates (adding a truncated period per burst would run fast).
    /// </summary>
    public static DateTime Deadline(DateTime start, long n, int burst, int rate)
    {
        if (rate <= 0)
        {
            return start;
        }

        Int128 ns = (Int128)n * burst * 1_000_000_000 / rate;
        return start.AddTicks((long)(ns / 100));
    }
}
