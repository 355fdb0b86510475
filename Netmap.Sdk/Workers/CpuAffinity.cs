using System;
using System.Runtime.InteropServices;

namespace Netmap.Sdk;

/// <summary>Pins the calling thread to one CPU (<c>sched_setaffinity</c>), as pkt-gen's <c>-a</c> does.</summary>
public static class CpuAffinity
{
    /// <summary>Pins the calling thread to <paramref name="cpu"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The CPU number is negative or beyond 1023.</exception>
    /// <exception cref="InvalidOperationException">The kernel refused (e.g. the CPU is offline or outside the cgroup).</exception>
    public static unsafe void PinCurrentThread(int cpu)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(cpu);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(cpu, 1023);
        ulong* mask = stackalloc ulong[16]; // cpu_set_t: 1024 bits
        new Span<ulong>(mask, 16).Clear();
        mask[cpu / 64] = 1UL << (cpu % 64);
        if (Native.Libc.SchedSetAffinity(0, 16 * sizeof(ulong), mask) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            throw new InvalidOperationException(
                $"pinning the thread to CPU {cpu} failed with errno {errno}: check `nproc` and the process's allowed CPUs (taskset -p $$).");
        }
    }
}
