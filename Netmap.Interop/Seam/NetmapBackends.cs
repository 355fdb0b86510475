using System;
using System.IO;
using Microsoft.Extensions.Logging;
using Netmap.Interop.Kernel;
using Netmap.Interop.UserSpace;

namespace Netmap.Interop;

/// <summary>
/// Chooses the netmap behind the seam: an explicit preference, else <c>NETMAP_BACKEND=kernel|userspace</c>, else
/// <c>/dev/netmap</c> if it exists, else the user-space netmap. The process-wide choice is made once, logged once
/// and can be read back from <see cref="Default"/>.
/// </summary>
public static class NetmapBackends
{
    /// <summary>The environment variable that overrides automatic selection.</summary>
    public const string EnvironmentVariable = "NETMAP_BACKEND";

    /// <summary>
    /// The environment variable naming the rendezvous directory of the process-wide user-space backend
    /// (<see cref="UserSpace"/>). Unset or empty: <see cref="UserSpaceNetmapOptions.DefaultRendezvousDirectory"/>.
    /// It is read once, when that backend is first created; processes that should see each other's ports need the
    /// same value.
    /// </summary>
    public const string UserSpaceDirectoryVariable = "NETMAP_USERSPACE_DIR";

    private static readonly object Gate = new();
    private static NetmapBackendSelection? _default;
    private static UserSpaceNetmapBackend? _userSpace;
    private static KernelNetmapBackend? _kernel;

    /// <summary>The process-wide selection (made on first use with <see cref="NetmapBackendPreference.Auto"/>).</summary>
    public static NetmapBackendSelection Default => GetDefault(logger: null);

    /// <summary>The process-wide selection; the first call logs the choice to <paramref name="logger"/>.</summary>
    public static NetmapBackendSelection GetDefault(ILogger? logger)
    {
        lock (Gate)
        {
            if (_default is null)
            {
                _default = Select(NetmapBackendPreference.Auto);
                if (logger is not null)
                {
                    LogSelection(logger, _default.Kind, _default.Reason, null);
                }
            }

            return _default;
        }
    }

    /// <summary>The kernel backend (one per process).</summary>
    public static INetmapBackend Kernel
    {
        get
        {
            lock (Gate)
            {
                return _kernel ??= new KernelNetmapBackend();
            }
        }
    }

    /// <summary>
    /// The user-space backend (one per process, so ports of one region share its state). Its rendezvous directory
    /// is the value of <c>NETMAP_USERSPACE_DIR</c> (<see cref="UserSpaceDirectoryVariable"/>) when that is set and
    /// not empty, read when this property is first used, else
    /// <see cref="UserSpaceNetmapOptions.DefaultRendezvousDirectory"/>.
    /// </summary>
    public static INetmapBackend UserSpace
    {
        get
        {
            lock (Gate)
            {
                return _userSpace ??= new UserSpaceNetmapBackend(UserSpaceOptions(Environment.GetEnvironmentVariable(UserSpaceDirectoryVariable)));
            }
        }
    }

    /// <summary>The options of the process-wide user-space backend for a given NETMAP_USERSPACE_DIR value.</summary>
    /// <param name="directoryValue">The variable's value; null or empty keeps the default directory.</param>
    public static UserSpaceNetmapOptions UserSpaceOptions(string? directoryValue) =>
        string.IsNullOrEmpty(directoryValue)
            ? new UserSpaceNetmapOptions()
            : new UserSpaceNetmapOptions { RendezvousDirectory = directoryValue };

    /// <summary>Chooses a netmap without touching the process-wide default.</summary>
    /// <param name="preference">An explicit choice, or <see cref="NetmapBackendPreference.Auto"/>.</param>
    /// <param name="environmentValue">The NETMAP_BACKEND value to honour; null reads the environment.</param>
    /// <param name="devicePath">The control device to look for.</param>
    /// <exception cref="ArgumentException">NETMAP_BACKEND holds something other than kernel, userspace or auto.</exception>
    public static NetmapBackendSelection Select(
        NetmapBackendPreference preference,
        string? environmentValue = null,
        string devicePath = NetmapApi.DeviceName)
    {
        if (preference == NetmapBackendPreference.Kernel)
        {
            return new NetmapBackendSelection(Kernel, "the kernel netmap was asked for explicitly");
        }

        if (preference == NetmapBackendPreference.UserSpace)
        {
            return new NetmapBackendSelection(UserSpace, "the user-space netmap was asked for explicitly");
        }

        string? env = environmentValue ?? Environment.GetEnvironmentVariable(EnvironmentVariable);
        switch (env?.Trim().ToLowerInvariant())
        {
            case null or "" or "auto":
                break;
            case "kernel":
                return new NetmapBackendSelection(Kernel, $"{EnvironmentVariable}=kernel");
            case "userspace" or "user-space" or "user":
                return new NetmapBackendSelection(UserSpace, $"{EnvironmentVariable}=userspace");
            default:
                throw new ArgumentException(
                    $"{EnvironmentVariable}='{env}' is not understood: use kernel, userspace or auto.", nameof(environmentValue));
        }

        if (File.Exists(devicePath) || Directory.Exists(devicePath) || IsCharacterDevice(devicePath))
        {
            return new NetmapBackendSelection(Kernel, $"{devicePath} exists (the netmap kernel module is loaded)");
        }

        string why = Directory.Exists("/sys/module/netmap")
            ? $"{devicePath} is missing although /sys/module/netmap exists (check udev and permissions)"
            : $"{devicePath} does not exist and no netmap module is loaded";
        return new NetmapBackendSelection(UserSpace, why + "; using the user-space netmap");
    }

    private static bool IsCharacterDevice(string path)
    {
        try
        {
            return (File.GetAttributes(path) & FileAttributes.Device) != 0;
        }
        catch (IOException)
        {
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return true;
        }
    }

    private static readonly Action<ILogger, NetmapBackendKind, string, Exception?> LogSelection =
        LoggerMessage.Define<NetmapBackendKind, string>(LogLevel.Information, new EventId(1, "NetmapBackendSelected"),
            "netmap backend: {Backend} ({Reason})");
}
