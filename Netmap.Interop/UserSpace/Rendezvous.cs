using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using Netmap.Interop.Native;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// The rendezvous directory: the lock, the registry of regions, this process's mappings of them, and the
/// directory of wake-up sockets. Everything below it is found by name, so any process can join.
/// </summary>
internal sealed unsafe class Rendezvous : IDisposable
{
    public const uint GlobalMemId = 1;

    private readonly SharedFile _registry;
    private readonly Dictionary<uint, Region> _regions = new();

    private Rendezvous(string directory, SharedFile registry)
    {
        Directory = directory;
        WakeDirectory = Path.Combine(directory, "w");
        WakeDirectoryBytes = Encoding.UTF8.GetBytes(WakeDirectory + "/");
        _registry = registry;
        Lock = new RendezvousLock(registry.Fd);
    }

    public string Directory { get; }

    public string WakeDirectory { get; }

    public byte[] WakeDirectoryBytes { get; }

    public RendezvousLock Lock { get; }

    private ref RegistryState Registry => ref *(RegistryState*)_registry.Address;

    private RegistryEntry* Entry(int i) => (RegistryEntry*)(_registry.Address + sizeof(RegistryState)) + i;

    /// <summary>Opens (creating if needed) the directory, owner-only, refusing symlinks and others' directories.</summary>
    public static Rendezvous Open(string directory)
    {
        EnsurePrivateDirectory(directory);
        EnsurePrivateDirectory(Path.Combine(directory, "w"));
        string path = Path.Combine(directory, "netmap.state");
        ulong size = (ulong)((sizeof(RegistryState) + (RegistryState.MaxRegions * sizeof(RegistryEntry)) + 4095) & ~4095);
        int error = SharedFile.Create(path, size, out SharedFile? file);
        if (error == Errno.EEXIST)
        {
            error = SharedFile.Open(path, size, out file);
        }

        if (error != 0)
        {
            throw new IOException($"cannot open the netmap rendezvous file {path}: {Errno.Name(error)}");
        }

        var rv = new Rendezvous(directory, file!);
        ulong foreign = 0;
        using (rv.Lock.Enter())
        {
            ref RegistryState reg = ref rv.Registry;
            if (reg.Magic != RegistryState.MagicValue)
            {
                reg.NextMemId = 2;
                reg.LayoutSignature = RegistryState.Layout;
                reg.Magic = RegistryState.MagicValue;
            }
            else if (reg.LayoutSignature == 0)
            {
                reg.LayoutSignature = RegistryState.Layout;
            }
            else if (reg.LayoutSignature != RegistryState.Layout)
            {
                foreign = reg.LayoutSignature;
            }
        }

        if (foreign != 0)
        {
            // Read with this build's offsets, another build's table would hand out wrong ids and parents.
            rv.Dispose();
            throw new IOException($"the rendezvous directory {directory} was made by a build with another registry layout " +
                $"(0x{foreign:x}, this build 0x{RegistryState.Layout:x}); use another NETMAP_USERSPACE_DIR, or remove the directory once no netmap process uses it");
        }

        return rv;
    }

    private static void EnsurePrivateDirectory(string directory)
    {
        var info = new DirectoryInfo(directory);
        if (!info.Exists)
        {
            if (OperatingSystem.IsWindows())
            {
                throw new PlatformNotSupportedException("the user-space netmap runs on Linux.");
            }

            System.IO.Directory.CreateDirectory(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
            info.Refresh();
        }

        if (info.LinkTarget is not null)
        {
            throw new IOException($"netmap rendezvous directory {directory} is a symbolic link; refusing it.");
        }

        if ((info.UnixFileMode & (UnixFileMode.GroupWrite | UnixFileMode.OtherWrite)) != 0)
        {
            throw new IOException($"netmap rendezvous directory {directory} is writable by others; refusing it.");
        }
    }

    /// <summary>The mapping of region <paramref name="memId"/>; creates the global region on first use.</summary>
    public int GetRegion(uint memId, out Region? region)
    {
        if (_regions.TryGetValue(memId, out region))
        {
            return 0;
        }

        int error;
        if (Region.Exists(Directory, memId))
        {
            error = Region.Open(Directory, memId, out region);
            if (error == UserSpaceErrno.ESTALE && memId == GlobalMemId)
            {
                // Region 1 stays in the directory for good, so one an older build left would block every interface
                // port: it is made anew. Processes of that build keep their mapping of the unlinked file; the two
                // builds no longer meet there, which is all they could do without misreading each other's tables.
                Libc.Unlink(Region.MemoryPath(Directory, memId));
                Libc.Unlink(Region.StatePath(Directory, memId));
                error = Region.Create(Directory, memId, RegionLayout.Global, isPrivate: false, out region);
            }
            else if (error == UserSpaceErrno.ESTALE)
            {
                error = Errno.EINVAL;
            }
        }
        else if (memId == GlobalMemId)
        {
            error = Region.Create(Directory, memId, RegionLayout.Global, isPrivate: false, out region);
        }
        else
        {
            return Errno.EINVAL;
        }

        if (error == 0)
        {
            _regions[memId] = region!;
        }

        return error;
    }

    /// <summary>Whether this process has region <paramref name="memId"/> mapped.</summary>
    public bool IsMapped(uint memId) => _regions.ContainsKey(memId);

    /// <summary>The private region of a pipe parent, or 0 if the parent has none yet.</summary>
    public uint FindParentRegion(string parent)
    {
        for (int i = 0; i < RegistryState.MaxRegions; i++)
        {
            RegistryEntry* e = Entry(i);
            if (e->InUse != 0 && NameEquals(e->Parent, parent))
            {
                return e->MemId;
            }
        }

        return 0;
    }

    /// <summary>Creates a private region under a fresh memory id (netmap's self-deleting VALE parent).</summary>
    public int CreatePrivateRegion(RegionLayout layout, out Region? region)
    {
        region = null;
        ref RegistryState reg = ref Registry;
        uint memId = reg.NextMemId;
        reg.NextMemId = memId >= ushort.MaxValue ? 2 : memId + 1;
        if (Region.Exists(Directory, memId))
        {
            return Errno.ENOMEM;
        }

        int error = Region.Create(Directory, memId, layout, isPrivate: true, out region);
        if (error == 0)
        {
            _regions[memId] = region!;
        }

        return error;
    }

    /// <summary>Records that the pipes of <paramref name="parent"/> live in region <paramref name="memId"/>.</summary>
    public int AddParent(string parent, uint memId)
    {
        for (int i = 0; i < RegistryState.MaxRegions; i++)
        {
            RegistryEntry* e = Entry(i);
            if (e->InUse == 0)
            {
                e->MemId = memId;
                WriteName(e->Parent, 64, parent);
                e->InUse = 1;
                return 0;
            }
        }

        return Errno.ENOMEM;
    }

    /// <summary>Forgets a pipe parent whose last pipe is gone.</summary>
    public void RemoveParent(string parent)
    {
        for (int i = 0; i < RegistryState.MaxRegions; i++)
        {
            RegistryEntry* e = Entry(i);
            if (e->InUse != 0 && NameEquals(e->Parent, parent))
            {
                e->InUse = 0;
            }
        }
    }

    /// <summary>Deletes a private region nobody uses any more, as netmap deletes the parent VALE port.</summary>
    public void DeleteIfUnused(Region region)
    {
        if (region.IsDisposed || !region.IsPrivate || !region.IsUnused())
        {
            return;
        }

        for (int i = 0; i < RegistryState.MaxRegions; i++)
        {
            if (Entry(i)->InUse != 0 && Entry(i)->MemId == region.MemId)
            {
                return;
            }
        }

        region.DeleteFiles();
        _regions.Remove(region.MemId);
        region.Dispose();
    }

    /// <summary>Drops this process's mapping of a region it no longer binds.</summary>
    public void ReleaseLocal(Region region)
    {
        if (region.LocalBindings == 0 && _regions.TryGetValue(region.MemId, out Region? cached) && ReferenceEquals(cached, region))
        {
            _regions.Remove(region.MemId);
            region.Dispose();
        }
    }

    /// <summary>
    /// Memory ids of every region in the directory: the global one, pipe parents' regions and regions that outlive
    /// their pipes because an interface adapter took them (nr_mem_id).
    /// </summary>
    public IEnumerable<uint> KnownRegions()
    {
        var ids = new List<uint>();
        foreach (string path in System.IO.Directory.EnumerateFiles(Directory, "mem*.state"))
        {
            string file = System.IO.Path.GetFileName(path);
            if (uint.TryParse(file.AsSpan(3, file.Length - 3 - ".state".Length), System.Globalization.NumberStyles.None,
                System.Globalization.CultureInfo.InvariantCulture, out uint id) && id != 0)
            {
                ids.Add(id);
            }
        }

        ids.Sort();
        return ids;
    }

    public static bool NameEquals(byte* stored, string name)
    {
        var s = new ReadOnlySpan<byte>(stored, 64);
        int end = s.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? s : s[..end]) == name;
    }

    public static string ReadName(byte* stored, int size)
    {
        var s = new ReadOnlySpan<byte>(stored, size);
        int end = s.IndexOf((byte)0);
        return Encoding.UTF8.GetString(end < 0 ? s : s[..end]);
    }

    /// <summary>Writes a NUL-terminated name, truncated to size-1 bytes like the kernel's snprintf.</summary>
    public static void WriteName(byte* stored, int size, string name)
    {
        var s = new Span<byte>(stored, size);
        s.Clear();
        byte[] bytes = Encoding.UTF8.GetBytes(name);
        bytes.AsSpan(0, Math.Min(bytes.Length, size - 1)).CopyTo(s);
    }

    /// <summary>
    /// Unmaps every region under the lock, so an operation another thread has in progress (a REGISTER's sweep of
    /// dead owners, a close run by the finalizer) finishes before its region goes; later ones get
    /// <see cref="ObjectDisposedException"/>.
    /// </summary>
    public void Dispose()
    {
        using (Lock.Enter())
        {
            // Syncs of interface rings only one process can hold run under their interface's gate, not this lock.
            Linux.LinuxInterface.WithGatesOf(Directory, () =>
            {
                foreach (Region r in _regions.Values)
                {
                    r.Dispose();
                }

                _regions.Clear();
                Lock.Close();
            });
        }

        _registry.Dispose();
    }
}
