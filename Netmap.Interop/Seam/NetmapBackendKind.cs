namespace Netmap.Interop;

/// <summary>Which netmap answers the calls behind the seam.</summary>
public enum NetmapBackendKind
{
    /// <summary>The netmap kernel module through <c>/dev/netmap</c>.</summary>
    Kernel,
    /// <summary>The user-space netmap: same layout, contract and errno values, no kernel module.</summary>
    UserSpace,
}
