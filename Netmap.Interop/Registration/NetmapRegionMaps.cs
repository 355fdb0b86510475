using System.Collections.Generic;

namespace Netmap.Interop;

/// <summary>
/// One mapping per memory region per process: ports on the same region (same backend, same <c>nr_mem_id</c>)
/// share it, so buffer indexes and addresses agree between them. Reference-counted; unmapped at the last release.
/// </summary>
internal static class NetmapRegionMaps
{
    private static readonly object Gate = new();
    private static readonly Dictionary<(INetmapBackend Backend, ushort MemId), NetmapMapping> Current = new();
    private static readonly Dictionary<NetmapMapping, int> References = new(ReferenceEqualityComparer.Instance);

    /// <summary>Returns the shared mapping of the region, mapping it through <paramref name="handle"/> the first time.</summary>
    internal static int Acquire(INetmapBackend backend, NetmapHandle handle, ushort memId, ulong memSize, out NetmapMapping? mapping)
    {
        lock (Gate)
        {
            if (Current.TryGetValue((backend, memId), out NetmapMapping? shared) && shared.Length >= memSize)
            {
                References[shared]++;
                mapping = shared;
                return 0;
            }

            int error = backend.Mmap(handle, memSize, out mapping);
            if (error != 0)
            {
                return error;
            }

            // A region can only outgrow a live mapping of its id if it was freed and made again; the old mapping
            // stays valid for its remaining users and the new one serves later ports.
            Current[(backend, memId)] = mapping!;
            References[mapping!] = 1;
            return 0;
        }
    }

    /// <summary>Drops one reference; the last one unmaps.</summary>
    internal static void Release(INetmapBackend backend, ushort memId, NetmapMapping mapping)
    {
        lock (Gate)
        {
            if (References.TryGetValue(mapping, out int count) && count > 1)
            {
                References[mapping] = count - 1;
                return;
            }

            References.Remove(mapping);
            if (Current.TryGetValue((backend, memId), out NetmapMapping? shared) && ReferenceEquals(shared, mapping))
            {
                Current.Remove((backend, memId));
            }

            mapping.Dispose();
        }
    }

    /// <summary>How many ports of this process use the current mapping of a region (0 if none).</summary>
    internal static int Users(INetmapBackend backend, ushort memId)
    {
        lock (Gate)
        {
            return Current.TryGetValue((backend, memId), out NetmapMapping? shared) ? References[shared] : 0;
        }
    }
}
