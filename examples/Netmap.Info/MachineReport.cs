using System;
using System.IO;
using Netmap.Interop;

namespace Netmap.Info;

/// <summary>What this machine offers: the control device, the module, the override, and the choice made.</summary>
internal static class MachineReport
{
    public static void Write(NetmapBackendSelection selection, TextWriter output)
    {
        output.WriteLine("netmap on this machine");
        output.WriteLine($"  backend          {Describe(selection.Kind)}");
        output.WriteLine($"  because          {selection.Reason}");
        output.WriteLine($"  {NetmapApi.DeviceName,-16} {(File.Exists(NetmapApi.DeviceName) ? "present" : "missing")}");
        output.WriteLine($"  kernel module    {ModuleState()}");
        string? env = Environment.GetEnvironmentVariable(NetmapBackends.EnvironmentVariable);
        output.WriteLine($"  {NetmapBackends.EnvironmentVariable,-16} {(string.IsNullOrEmpty(env) ? "(not set)" : env)}");
        output.WriteLine($"  API version      {NetmapApi.Version} (kernel accepts {NetmapApi.MinVersion}..{NetmapApi.MaxVersion})");
    }

    private static string Describe(NetmapBackendKind kind) => kind switch
    {
        NetmapBackendKind.Kernel => "kernel netmap (/dev/netmap)",
        _ => "user-space netmap (same layout, sync and poll semantics and errno values, no kernel module)",
    };

    private static string ModuleState()
    {
        if (!Directory.Exists("/sys/module/netmap"))
        {
            return "not loaded (/sys/module/netmap is absent)";
        }

        string version = TryRead("/sys/module/netmap/version") ?? TryRead("/sys/module/netmap/srcversion") ?? "version unknown";
        return $"loaded ({version.Trim()})";
    }

    private static string? TryRead(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path) : null;
        }
        catch (IOException)
        {
            return null;
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
    }
}
