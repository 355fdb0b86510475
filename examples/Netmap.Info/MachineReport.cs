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
        string directory = NetmapBackends.UserSpaceOptions(Environment.GetEnvironmentVariable(NetmapBackends.UserSpaceDirectoryVariable)).RendezvousDirectory;
        output.WriteLine($"  user-space dir   {directory} ({UserSpaceState(directory)})");
    }

    private static string Describe(NetmapBackendKind kind) => kind switch
    {
        NetmapBackendKind.Kernel => "kernel netmap (/dev/netmap)",
        _ => "user-space netmap (same layout, sync and poll semantics and errno values, no kernel module)",
    };

    // What the user-space netmap has left in its rendezvous directory: the regions that exist right now.
    private static string UserSpaceState(string directory)
    {
        if (!Directory.Exists(directory))
        {
            return "not created yet";
        }

        try
        {
            string[] regions = Directory.GetFiles(directory, "mem*.region");
            return regions.Length == 0 ? "no memory region" : $"{regions.Length} memory region(s): " +
                string.Join(", ", Array.ConvertAll(regions, r => Path.GetFileNameWithoutExtension(r)!.Replace("mem", "#", StringComparison.Ordinal)));
        }
        catch (UnauthorizedAccessException)
        {
            return "not readable by this user";
        }
    }

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
