namespace Netmap.Interop;

/// <summary>Which netmap a program asks for.</summary>
public enum NetmapBackendPreference
{
    /// <summary>The kernel module if <c>/dev/netmap</c> exists, else the user-space netmap; NETMAP_BACKEND overrides.</summary>
    Auto,
    /// <summary>The kernel module; fails with ENOENT at open if it is not loaded.</summary>
    Kernel,
    /// <summary>The user-space netmap, even where the kernel module is loaded.</summary>
    UserSpace,
}
