using System;
using System.Diagnostics;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>Runs ip/tc/ethtool/ping for the interface tests, bounded in time.</summary>
internal static class Sh
{
    public static int Run(string command, out string output, int timeoutMs = 15000)
    {
        var psi = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        psi.ArgumentList.Add("-c");
        psi.ArgumentList.Add(command);
        using Process p = Process.Start(psi)!;
        System.Threading.Tasks.Task<string> err = p.StandardError.ReadToEndAsync();
        System.Threading.Tasks.Task<string> outp = p.StandardOutput.ReadToEndAsync();
        if (!p.WaitForExit(timeoutMs))
        {
            p.Kill(entireProcessTree: true);
            p.WaitForExit();
        }

        output = outp.Result + err.Result;
        return p.HasExited ? p.ExitCode : -1;
    }

    public static string Out(string command)
    {
        Run(command, out string output);
        return output;
    }

    /// <summary>Runs a setup command that must succeed.</summary>
    public static void Must(string command)
    {
        if (Run(command, out string output) != 0)
        {
            throw new InvalidOperationException($"'{command}' failed: {output}");
        }
    }
}
