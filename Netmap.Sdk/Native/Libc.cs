using System.Runtime.InteropServices;

namespace Netmap.Sdk.Native;

/// <summary>libc entry points the SDK needs above the netmap seam (thread placement).</summary>
internal static partial class Libc
{
    /// <summary><c>sched_setaffinity(pid, cpusetsize, mask)</c>; pid 0 is the calling thread.</summary>
    [LibraryImport("libc", EntryPoint = "sched_setaffinity", SetLastError = true)]
    internal static unsafe partial int SchedSetAffinity(int pid, nuint cpuSetSize, ulong* mask);
}
