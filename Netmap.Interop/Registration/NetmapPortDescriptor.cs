using System;

namespace Netmap.Interop;

/// <summary>
/// An open, registered and mapped netmap port — the managed counterpart of libnetmap's <c>nmport_d</c>. Made in two
/// stages like <c>nmport_prepare</c> + <c>nmport_open_desc</c>: a <see cref="NetmapPortSpec"/> from the name, then
/// <see cref="Open(NetmapPortSpec, NetmapOpenOptions?)"/>. Disposing it closes the handle and releases the mapping.
/// </summary>
public sealed unsafe class NetmapPortDescriptor : IDisposable
{
    private readonly NetmapMapping _mapping;
    private NmReqRegister _reply;
    private bool _disposed;

    private NetmapPortDescriptor(NetmapPortSpec spec, string displayName, INetmapBackend backend, NetmapHandle handle,
        NmReqRegister reply, NetmapMapping mapping)
    {
        Spec = spec;
        DisplayName = displayName;
        Backend = backend;
        Handle = handle;
        _reply = reply;
        _mapping = mapping;
        NetmapIf nifp = Interface;
        (FirstTxRing, LastTxRing) = BoundRange(nifp, tx: true);
        (FirstRxRing, LastRxRing) = BoundRange(nifp, tx: false);
    }

    /// <summary>The parsed port name.</summary>
    public NetmapPortSpec Spec { get; }

    /// <summary>The name as the caller gave it (for messages).</summary>
    public string DisplayName { get; }

    /// <summary>The netmap this port lives in.</summary>
    public INetmapBackend Backend { get; }

    /// <summary>The handle (its <see cref="NetmapHandle.FileDescriptor"/> is pollable).</summary>
    public NetmapHandle Handle { get; }

    /// <summary>The REGISTER reply: ring and slot counts, region id and size, extra buffers obtained.</summary>
    public ref readonly NmReqRegister Registration => ref _reply;

    /// <summary><c>nr_mem_id</c>: the memory region; ports on one region can swap buffers.</summary>
    public ushort MemId => _reply.MemId;

    /// <summary><c>nr_memsize</c>.</summary>
    public ulong MemSize => _reply.MemSize;

    /// <summary>The mapped region's base address.</summary>
    public byte* RegionBase => _mapping.Address;

    /// <summary>This handle's <c>netmap_if</c>.</summary>
    public NetmapIf Interface
    {
        get
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return new NetmapIf(_mapping.Address + _reply.Offset);
        }
    }

    /// <summary>First bound TX ring index (host TX rings follow NIC ones); greater than <see cref="LastTxRing"/> if none.</summary>
    public int FirstTxRing { get; }

    /// <summary>Last bound TX ring index, inclusive.</summary>
    public int LastTxRing { get; }

    /// <summary>First bound RX ring index (host RX rings follow NIC ones); greater than <see cref="LastRxRing"/> if none.</summary>
    public int FirstRxRing { get; }

    /// <summary>Last bound RX ring index, inclusive.</summary>
    public int LastRxRing { get; }

    /// <summary>The port's NIC TX rings (all of them, not only the bound ones).</summary>
    public int TxRings => _reply.TxRings;

    /// <summary>The port's NIC RX rings.</summary>
    public int RxRings => _reply.RxRings;

    /// <summary>The port's host TX rings (0 if it has none).</summary>
    public int HostTxRings => _reply.HostTxRings;

    /// <summary>The port's host RX rings (0 if it has none).</summary>
    public int HostRxRings => _reply.HostRxRings;

    /// <summary>Opens a port by name (<c>netmap:eth0*</c>, <c>netmap:p{1</c>, …).</summary>
    /// <exception cref="NetmapException">The name is invalid, or a step failed; the message says what to do.</exception>
    public static NetmapPortDescriptor Open(string portName, NetmapOpenOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(portName);
        return Open(NetmapPortName.Parse(portName), options, portName);
    }

    /// <summary>Opens a port from a parsed name.</summary>
    /// <exception cref="NetmapException">A step failed; the message says what to do.</exception>
    public static NetmapPortDescriptor Open(NetmapPortSpec spec, NetmapOpenOptions? options = null) =>
        Open(spec, options, NetmapPortName.Format(spec));

    /// <summary>NETMAP_REQ_PORT_INFO_GET: ring and slot counts and region of a port, without binding it.</summary>
    /// <exception cref="NetmapException">The port does not exist, or the request failed.</exception>
    public static NmReqPortInfoGet GetPortInfo(string portName, INetmapBackend? backend = null)
    {
        NetmapPortSpec spec = NetmapPortName.Parse(portName);
        backend ??= NetmapBackends.Default.Backend;
        using NetmapHandle handle = OpenHandle(backend, portName);
        NmReqHeader header = NewHeader(spec.Name, NetmapReqType.PortInfoGet);
        NmReqPortInfoGet info = default;
        info.MemId = spec.MemId;
        header.Body = (ulong)&info;
        int error = backend.Ioctl(handle, NetmapIoctl.NIOCCTRL, &header);
        if (error != 0)
        {
            throw new NetmapException(NetmapStep.PortInfo, error, portName);
        }

        return info;
    }

    private static NetmapPortDescriptor Open(NetmapPortSpec spec, NetmapOpenOptions? options, string displayName)
    {
        INetmapBackend backend = options?.Backend ?? NetmapBackends.Default.Backend;
        ushort memId = spec.MemId;
        if (spec.ShareWith is { } other)
        {
            // @share=PORT means "the region PORT uses": libnetmap looks it up with PORT_INFO_GET.
            memId = GetPortInfo(other.Contains(':', StringComparison.Ordinal) ? other : "netmap:" + other, backend).MemId;
        }

        if (spec.Extmem is not null)
        {
            // libnetmap maps the file and makes it the region; that path needs the extmem pointer to replace the
            // mmap of the handle, which this SDK does not do yet. Refuse clearly rather than open something else.
            throw new NetmapException(NetmapStep.Register, Errno.EOPNOTSUPP, displayName,
                "@extmem is understood by the port-name parser but opening ports on external memory is not supported by Netmap.Interop yet");
        }

        NetmapHandle handle = OpenHandle(backend, displayName);
        try
        {
            NmReqHeader header = NewHeader(spec.Name, NetmapReqType.Register);
            NmReqRegister request = default;
            request.Mode = (uint)spec.Mode;
            request.RingId = spec.RingId;
            request.Flags = (ulong)(spec.Flags | (options?.ExtraFlags ?? NetmapRegFlags.None));
            request.MemId = memId;
            request.ExtraBufs = options?.ExtraBuffers ?? 0;
            request.TxRings = (ushort)(spec.Conf.TxRings ?? 0);
            request.RxRings = (ushort)(spec.Conf.RxRings ?? 0);
            request.HostTxRings = (ushort)(spec.Conf.HostTxRings ?? 0);
            request.HostRxRings = (ushort)(spec.Conf.HostRxRings ?? 0);
            request.TxSlots = spec.Conf.TxSlots ?? 0;
            request.RxSlots = spec.Conf.RxSlots ?? 0;
            header.Body = (ulong)&request;

            NmReqOptOffsets offsets = default;
            if (spec.Offset is { } wanted)
            {
                offsets.Option.ReqType = (uint)NetmapReqOptionType.Offsets;
                offsets.InitialOffset = wanted.Initial;
                offsets.MaxOffset = wanted.MaxOffset;
                offsets.OffsetBits = (uint)(wanted.Bits ?? 0);
                header.Options = (ulong)&offsets;
            }

            int error = backend.Ioctl(handle, NetmapIoctl.NIOCCTRL, &header);
            if (error != 0)
            {
                string? detail = header.Options != 0 && offsets.Option.Status != 0
                    ? $"the @offset option was refused with {Errno.Name((int)offsets.Option.Status)}"
                    : null;
                throw new NetmapException(NetmapStep.Register, error, displayName, detail);
            }

            error = NetmapRegionMaps.Acquire(backend, handle, request.MemId, request.MemSize, out NetmapMapping? mapping);
            if (error != 0)
            {
                throw new NetmapException(NetmapStep.Mmap, error, displayName,
                    $"mmap of {request.MemSize} bytes of region {request.MemId}");
            }

            return new NetmapPortDescriptor(spec, displayName, backend, handle, request, mapping!);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    /// <summary>NIOCTXSYNC: hand [hwcur, head) of every bound TX ring to the kernel and reclaim completed slots.</summary>
    /// <exception cref="NetmapException">ENXIO (unbound) or EIO (ring stopped).</exception>
    public void TxSync() => Sync(NetmapIoctl.NIOCTXSYNC);

    /// <summary>NIOCRXSYNC: release [hwcur, head) of every bound RX ring and import new packets.</summary>
    /// <exception cref="NetmapException">ENXIO (unbound) or EIO (ring stopped).</exception>
    public void RxSync() => Sync(NetmapIoctl.NIOCRXSYNC);

    /// <summary>poll() on this port alone, with netmap's implicit syncs.</summary>
    /// <returns>The events ready (none on time-out).</returns>
    /// <exception cref="NetmapException">The poll call failed (EINTR is retried).</exception>
    public PollEvents Poll(PollEvents events, int timeoutMilliseconds)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        Span<NetmapPollFd> fds = [new NetmapPollFd(Handle, events)];
        int error;
        do
        {
            error = Backend.Poll(fds, timeoutMilliseconds, out _);
        }
        while (error == Errno.EINTR);

        if (error != 0)
        {
            throw new NetmapException(NetmapStep.Poll, error, DisplayName);
        }

        return fds[0].Revents;
    }

    /// <summary>Unbinds: releases the mapping and closes the handle.</summary>
    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        NetmapRegionMaps.Release(Backend, _reply.MemId, _mapping);
        Handle.Dispose();
    }

    private void Sync(uint request)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        int error = Backend.Ioctl(Handle, request, null);
        if (error != 0)
        {
            throw new NetmapException(NetmapStep.Sync, error, DisplayName);
        }
    }

    private static NetmapHandle OpenHandle(INetmapBackend backend, string displayName)
    {
        int error = backend.Open(out NetmapHandle? handle);
        if (error != 0)
        {
            throw new NetmapException(NetmapStep.Open, error, displayName, $"backend: {backend.Kind}");
        }

        return handle!;
    }

    private static NmReqHeader NewHeader(string name, NetmapReqType type)
    {
        NmReqHeader header = default;
        header.Version = NetmapApi.Version;
        header.ReqType = (ushort)type;
        header.SetName(name);
        return header;
    }

    private static (int First, int Last) BoundRange(NetmapIf nifp, bool tx)
    {
        uint count = tx ? nifp.TxRings + nifp.HostTxRings : nifp.RxRings + nifp.HostRxRings;
        int first = -1, last = -2;
        for (uint i = 0; i < count; i++)
        {
            if (tx ? nifp.HasTxRing(i) : nifp.HasRxRing(i))
            {
                if (first < 0)
                {
                    first = (int)i;
                }

                last = (int)i;
            }
        }

        return first < 0 ? (0, -1) : (first, last);
    }
}
