using System;
using System.Diagnostics;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// Runs ip(8) and tc(8) at open and close (never in a sync). The child inherits the calling thread's network
/// namespace, so a thread that entered a namespace configures that namespace.
/// </summary>
internal static class Commands
{
    public static int Run(string file, string arguments, out string output)
    {
        var psi = new ProcessStartInfo(file, arguments)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        try
        {
            using Process p = Process.Start(psi)!;
            System.Threading.Tasks.Task<string> err = p.StandardError.ReadToEndAsync();
            output = p.StandardOutput.ReadToEnd();
            if (!p.WaitForExit(10000))
            {
                p.Kill();
                output = $"{file} {arguments}: timed out";
                return -1;
            }

            output += err.Result;
            return p.ExitCode;
        }
        catch (Exception ex) when (ex is System.ComponentModel.Win32Exception or InvalidOperationException)
        {
            output = $"{file}: {ex.Message}";
            return -1;
        }
    }

    public static string Output(string file, string arguments)
    {
        Run(file, arguments, out string output);
        return output;
    }
}
