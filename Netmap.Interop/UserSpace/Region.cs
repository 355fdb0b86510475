using System;
using System.IO;
using Netmap.Interop.UserSpace.State;

namespace Netmap.Interop.UserSpace;

/// <summary>
/// One memory region as this process sees it: the user-visible region file (netmap_if, rings, buffers) and the
/// state file with the kernel-side tables and the pool allocator. Callers hold the rendezvous lock.
/// </summary>
internal sealed unsafe class Region : IDisposable
{
    private readonly SharedFile _memory;
    private readonly SharedFile _state;

    private RegionLayout _layout;

    private Region(uint memId, SharedFile memory, SharedFile state)
    {
        MemId = memId;
        _memory = memory;
        _state = state;
    }

    /// <summary>Caches the table offsets once the header is known; they never change for a region.</summary>
    private void CacheLayout() => _layout = new(Header.IfObjSize, Header.IfNum, Header.RingObjSize, Header.RingNum, Header.BufSize, Header.BufNum,
        Header.MaxPorts, Header.MaxKrings, Header.MaxBindings);

    public uint MemId { get; }

    /// <summary>Bindings of this process on this region; the mapping is dropped when it returns to 0.</summary>
    public int LocalBindings { get; set; }

    /// <summary>This process's own ("kernel") mapping of the region.</summary>
    public byte* Base => _memory.Address;

    public int MemoryFd => _memory.Fd;

    public ref RegionHeaderState Header => ref *(RegionHeaderState*)_state.Address;

    public ulong MemSize => Header.MemSize;

    public bool IsPrivate => Header.Private != 0;

    public static string MemoryPath(string dir, uint memId) => System.IO.Path.Combine(dir, $"mem{memId}.region");

    public static string StatePath(string dir, uint memId) => System.IO.Path.Combine(dir, $"mem{memId}.state");

    public static bool Exists(string dir, uint memId) => File.Exists(StatePath(dir, memId));

    /// <summary>Creates both files of a new region.</summary>
    public static int Create(string dir, uint memId, RegionLayout layout, bool isPrivate, out Region? region)
    {
        region = null;
        int error = SharedFile.Create(MemoryPath(dir, memId), layout.MemSize, out SharedFile? memory);
        if (error != 0)
        {
            return error;
        }

        error = SharedFile.Create(StatePath(dir, memId), layout.StateSize, out SharedFile? state);
        if (error != 0)
        {
            memory!.Dispose();
            memory.Delete();
            return error;
        }

        var r = new Region(memId, memory!, state!);
        ref RegionHeaderState h = ref r.Header;
        h.MemId = memId;
        h.MemSize = layout.MemSize;
        h.IfOffset = layout.IfOffset;
        h.IfObjSize = layout.IfObjSize;
        h.IfNum = layout.IfNum;
        h.RingOffset = layout.RingOffset;
        h.RingObjSize = layout.RingObjSize;
        h.RingNum = layout.RingNum;
        h.BufOffset = layout.BufOffset;
        h.BufSize = layout.BufSize;
        h.BufNum = layout.BufNum;
        h.Private = isPrivate ? 1u : 0u;
        h.MaxPorts = layout.MaxPorts;
        h.MaxKrings = layout.MaxKrings;
        h.MaxBindings = layout.MaxBindings;

        r.CacheLayout();

        // Buffers 0 and 1 are never handed out: 0 is the filler for bad indexes.
        r.BufMap[0] = 1;
        r.BufMap[1] = 1;
        h.Layout = RegionHeaderState.CurrentLayout;
        h.Magic = RegionHeaderState.MagicValue;
        region = r;
        return 0;
    }

    /// <summary>Maps an existing region created by any process.</summary>
    public static int Open(string dir, uint memId, out Region? region)
    {
        region = null;
        string statePath = StatePath(dir, memId);
        long stateLength;
        try
        {
            stateLength = new FileInfo(statePath).Length;
        }
        catch (IOException)
        {
            return Errno.ENOENT;
        }

        int error = SharedFile.Open(statePath, (ulong)stateLength, out SharedFile? state);
        if (error != 0)
        {
            return error;
        }

        // A region of another build (other struct sizes) is refused, never read with this build's offsets.
        var header = (RegionHeaderState*)state!.Address;
        if (header->Magic == RegionHeaderState.LegacyMagicValue ||
            (header->Magic == RegionHeaderState.MagicValue && header->Layout != RegionHeaderState.CurrentLayout))
        {
            state.Dispose();
            return UserSpaceErrno.ESTALE;
        }

        if (header->Magic != RegionHeaderState.MagicValue)
        {
            state.Dispose();
            return Errno.EINVAL;
        }

        error = SharedFile.Open(MemoryPath(dir, memId), header->MemSize, out SharedFile? memory);
        if (error != 0)
        {
            state.Dispose();
            return error;
        }

        region = new Region(memId, memory!, state);
        region.CacheLayout();
        return 0;
    }

    public RegionLayout Layout => _layout;

    public ref PortState Port(int i) => ref *PortPtr(i);

    public PortState* PortPtr(int i) => (PortState*)(_state.Address + RegionLayout.PortsOffset) + i;

    public ref KRingState Kring(int i) => ref ((KRingState*)(_state.Address + Layout.KringsOffset))[i];

    public ref BindingState Binding(int i) => ref ((BindingState*)(_state.Address + Layout.BindingsOffset))[i];

    private byte* IfMap => _state.Address + Layout.IfMapOffset;

    private byte* RingMap => _state.Address + Layout.RingMapOffset;

    private byte* BufMap => _state.Address + Layout.BufMapOffset;

    public NetmapRingHeader* Ring(ulong offset) => (NetmapRingHeader*)(Base + offset);

    public NetmapSlot* Slots(ulong ringOffset) => (NetmapSlot*)(Base + ringOffset + 256);

    /// <summary>
    /// Buffer <paramref name="index"/>; an index outside the pool (an application's bad buf_idx) gives buffer 0,
    /// the filler netmap substitutes for out-of-range indexes, so no path can read or write outside the region.
    /// </summary>
    public byte* Buffer(uint index) =>
        Base + Header.BufOffset + ((ulong)(index < Header.BufNum ? index : 0) * Header.BufSize);

    /// <summary>First-fit netmap_if object; its offset, or 0 with ENOMEM semantics (offset 0 is object 0, so -1).</summary>
    public long AllocIf() => AllocObject(IfMap, Header.IfNum, Header.IfOffset, Header.IfObjSize);

    public void FreeIf(ulong offset) => IfMap[(offset - Header.IfOffset) / Header.IfObjSize] = 0;

    public long AllocRing() => AllocObject(RingMap, Header.RingNum, Header.RingOffset, Header.RingObjSize);

    public void FreeRing(ulong offset) => RingMap[(offset - Header.RingOffset) / Header.RingObjSize] = 0;

    /// <summary>
    /// First-fit buffer at or after <paramref name="from"/>, which moves past it; 0 when none is left (0 is never
    /// a valid allocation). Callers taking many buffers in one go start at 2 and pass the same position along, as
    /// netmap_new_bufs does with its bitmap position, so a ring of n slots costs one scan, not n.
    /// </summary>
    public uint AllocBuf(ref uint from)
    {
        byte* map = BufMap;
        uint n = Header.BufNum;
        for (uint i = from < 2 ? 2 : from; i < n; i++)
        {
            if (map[i] == 0)
            {
                map[i] = 1;
                from = i + 1;
                return i;
            }
        }

        from = n;
        return 0;
    }

    public void FreeBuf(uint index)
    {
        if (index >= 2 && index < Header.BufNum)
        {
            BufMap[index] = 0;
        }
    }

    private static long AllocObject(byte* map, uint count, ulong poolOffset, uint objSize)
    {
        for (uint i = 0; i < count; i++)
        {
            if (map[i] == 0)
            {
                map[i] = 1;
                return (long)(poolOffset + ((ulong)i * objSize));
            }
        }

        return -1;
    }

    /// <summary>True when no port and no binding is left, so a private region may be deleted.</summary>
    public bool IsUnused()
    {
        for (int i = 0; i < Header.MaxPorts; i++)
        {
            if (Port(i).Kind != PortKind.Free)
            {
                return false;
            }
        }

        for (int i = 0; i < Header.MaxBindings; i++)
        {
            if (Binding(i).InUse != 0)
            {
                return false;
            }
        }

        return true;
    }

    public bool IsDisposed { get; private set; }

    public void Dispose()
    {
        IsDisposed = true;
        _memory.Dispose();
        _state.Dispose();
    }

    public void DeleteFiles()
    {
        _memory.Delete();
        _state.Delete();
    }
}
