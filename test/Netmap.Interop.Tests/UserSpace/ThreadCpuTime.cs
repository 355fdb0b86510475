using System;
using System.Runtime.InteropServices;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>CPU time of the calling thread (CLOCK_THREAD_CPUTIME_ID), immune to other tests running meanwhile.</summary>
internal static partial class ThreadCpuTime
{
    private const int ClockThreadCpuTimeId = 3;

    public static unsafe TimeSpan Now()
    {
        long* ts = stackalloc long[2];
        if (ClockGetTime(ClockThreadCpuTimeId, ts) != 0)
        {
            throw new InvalidOperationException("clock_gettime failed");
        }

        return TimeSpan.FromTicks((ts[0] * TimeSpan.TicksPerSecond) + (ts[1] / 100));
    }

    [LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static unsafe partial int ClockGetTime(int clock, long* timespec);
}
