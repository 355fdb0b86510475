using System;
using System.IO;
using System.Linq;
using Netmap.Interop;

namespace Netmap.Info;

/// <summary>The report: the machine's netmap, then each port name explained (and opened with --open).</summary>
internal static class InfoCommand
{
    public static int Run(string[] ports, bool open, string? backendChoice, TextWriter output)
    {
        NetmapBackendSelection selection;
        try
        {
            selection = NetmapBackends.Select(ParsePreference(backendChoice));
        }
        catch (ArgumentException e)
        {
            output.WriteLine($"error: {e.Message}");
            return 2;
        }

        MachineReport.Write(selection, output);
        int status = 0;
        foreach (string port in ports)
        {
            output.WriteLine();
            status = Math.Max(status, PortReport.Write(port, selection, open, output));
        }

        if (ports.Length == 0)
        {
            output.WriteLine();
            output.WriteLine("Give port names to explain them, e.g.: netmap-info 'netmap:eth0*' 'netmap:eth0-1/x' 'netmap:p{1'");
        }

        return status;
    }

    private static NetmapBackendPreference ParsePreference(string? choice) => choice?.Trim().ToLowerInvariant() switch
    {
        null or "" or "auto" => NetmapBackendPreference.Auto,
        "kernel" => NetmapBackendPreference.Kernel,
        "userspace" or "user-space" => NetmapBackendPreference.UserSpace,
        _ => throw new ArgumentException($"--backend '{choice}' is not understood: use kernel, userspace or auto."),
    };
}
