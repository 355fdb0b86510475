using System.Runtime.InteropServices;

namespace Netmap.Interop.UserSpace.State;

/// <summary>
/// The rendezvous directory's table of regions: which memory ids exist and which pipe parent owns each private
/// one. It lives in the lock file, so whoever holds the lock may read and write it.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegistryState
{
    public const uint MagicValue = 0x474d5553;
    public const int MaxRegions = 128;

    public uint Magic;
    public uint NextMemId;

    /// <summary>
    /// The table layout of the build that made the registry (<see cref="Layout"/>); 0 in registries of builds from
    /// before it was recorded, which had this layout.
    /// </summary>
    public ulong LayoutSignature;

    /// <summary>This build's registry layout: entry size, entry count, header size.</summary>
    public static ulong Layout => ((ulong)(uint)sizeof(RegistryEntry) << 32) | ((ulong)MaxRegions << 16) | (uint)sizeof(RegistryState);
}

/// <summary>One region of the registry: its id and, for a private region, the pipe parent's name.</summary>
[StructLayout(LayoutKind.Sequential)]
internal unsafe struct RegistryEntry
{
    public int InUse;
    public uint MemId;
    public fixed byte Parent[64];
}

