using System;
using System.Globalization;
using System.IO;
using System.Runtime.InteropServices;
using Netmap.Interop.Native;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// Tells whether the process that made a binding still runs. A pid alone can be reused after a crash, so the
/// process start time from /proc/PID/stat is recorded with it and must match too.
/// </summary>
internal static class ProcessIdentity
{
    private static readonly ulong OwnStartTime = StartTime(Environment.ProcessId);

    public static ulong Own => OwnStartTime;

    public static bool IsAlive(int pid, ulong startTime)
    {
        if (pid == Environment.ProcessId)
        {
            return startTime == 0 || startTime == OwnStartTime;
        }

        if (Libc.Kill(pid, 0) != 0 && Marshal.GetLastPInvokeError() == Libc.ESRCH)
        {
            return false;
        }

        return startTime == 0 || StartTime(pid) is var now && (now == 0 || now == startTime);
    }

    /// <summary>Field 22 of /proc/PID/stat (start time in clock ticks); 0 if it cannot be read.</summary>
    public static ulong StartTime(int pid)
    {
        try
        {
            string stat = File.ReadAllText($"/proc/{pid}/stat");
            int close = stat.LastIndexOf(')');
            string[] fields = stat[(close + 2)..].Split(' ');
            return fields.Length > 19 && ulong.TryParse(fields[19], NumberStyles.None, CultureInfo.InvariantCulture, out ulong t) ? t : 0;
        }
        catch (IOException)
        {
            return 0;
        }
        catch (UnauthorizedAccessException)
        {
            return 0;
        }
    }
}
