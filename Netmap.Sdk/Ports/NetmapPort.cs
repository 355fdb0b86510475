using System;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// An open netmap port: its NIC and host rings by index, counts, buffer size and memory region. Ports on one
/// region in one process share one mapping, so packets move between them by swapping buffer indexes.
/// <see cref="Dispose"/> unbinds.
/// </summary>
public sealed unsafe class NetmapPort : IDisposable
{
    private readonly NetmapPortDescriptor _descriptor;

    private NetmapPort(NetmapPortDescriptor descriptor)
    {
        _descriptor = descriptor;
        NetmapIf nifp = descriptor.Interface;
        BufferSize = ProbeBufferSize(nifp, descriptor);
    }

    /// <summary>The port name as given.</summary>
    public string Name => _descriptor.DisplayName;

    /// <summary>The parsed name.</summary>
    public NetmapPortSpec Spec => _descriptor.Spec;

    /// <summary>Which netmap the port lives in.</summary>
    public NetmapBackendKind Backend => _descriptor.Backend.Kind;

    /// <summary>The registered descriptor, for Interop-level access.</summary>
    public NetmapPortDescriptor Descriptor => _descriptor;

    /// <summary>The memory region id; buffers swap only between ports of one region.</summary>
    public ushort MemId => _descriptor.MemId;

    /// <summary>Size of every buffer of the region (2048 by default).</summary>
    public int BufferSize { get; }

    /// <summary>NIC TX rings of the port.</summary>
    public int TxRingCount => _descriptor.TxRings;

    /// <summary>NIC RX rings of the port.</summary>
    public int RxRingCount => _descriptor.RxRings;

    /// <summary>Host TX rings (0 on ports without host rings).</summary>
    public int HostTxRingCount => _descriptor.HostTxRings;

    /// <summary>Host RX rings (0 on ports without host rings).</summary>
    public int HostRxRingCount => _descriptor.HostRxRings;

    /// <summary>The pollable handle (usable with epoll and async waits).</summary>
    public NetmapHandle Handle => _descriptor.Handle;

    /// <summary>Opens a port by name, e.g. <c>netmap:eth0*</c>, <c>netmap:eth0^1</c>, <c>netmap:eth0-2</c>, <c>netmap:p{1</c>.</summary>
    /// <exception cref="NetmapException">The name is invalid or netmap refused; the message says what to do.</exception>
    public static NetmapPort Open(string portName, NetmapPortOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(portName);
        NetmapPortSpec spec = NetmapPortName.Parse(portName);
        if (options?.HostRings is uint hostRings && spec.Conf.HostTxRings is null && spec.Conf.HostRxRings is null)
        {
            spec = spec with { Conf = spec.Conf with { HostTxRings = hostRings, HostRxRings = hostRings } };
        }

        var open = new NetmapOpenOptions
        {
            Backend = options?.Backend,
            ExtraBuffers = options?.ExtraBuffers ?? 0,
            ExtraFlags = options?.Flags ?? NetmapRegFlags.None,
        };
        return new NetmapPort(NetmapPortDescriptor.Open(spec, open));
    }

    /// <summary>True if this port's handle bound NIC RX ring <paramref name="index"/>.</summary>
    public bool IsRxBound(int index) => index >= 0 && index < RxRingCount && _descriptor.Interface.HasRxRing((uint)index);

    /// <summary>True if this port's handle bound NIC TX ring <paramref name="index"/>.</summary>
    public bool IsTxBound(int index) => index >= 0 && index < TxRingCount && _descriptor.Interface.HasTxRing((uint)index);

    /// <summary>True if this port's handle bound host RX ring <paramref name="index"/>.</summary>
    public bool IsHostRxBound(int index) =>
        index >= 0 && index < HostRxRingCount && _descriptor.Interface.HasRxRing((uint)(RxRingCount + index));

    /// <summary>True if this port's handle bound host TX ring <paramref name="index"/>.</summary>
    public bool IsHostTxBound(int index) =>
        index >= 0 && index < HostTxRingCount && _descriptor.Interface.HasTxRing((uint)(TxRingCount + index));

    /// <summary>NIC RX ring <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">This handle did not bind it.</exception>
    public RxRing RxRing(int index) => new(RingAddress(tx: false, CheckIndex(index, RxRingCount, "NIC RX")), MemId);

    /// <summary>NIC TX ring <paramref name="index"/>.</summary>
    /// <exception cref="InvalidOperationException">This handle did not bind it.</exception>
    public TxRing TxRing(int index) =>
        new(RingAddress(tx: true, CheckIndex(index, TxRingCount, "NIC TX")), MemId, KeepsFragmentsOnNicTx);

    /// <summary>Host RX ring <paramref name="index"/>: what the kernel stack transmitted.</summary>
    /// <exception cref="InvalidOperationException">The port has no such host ring, or this handle did not bind it.</exception>
    public RxRing HostRxRing(int index) =>
        new(RingAddress(tx: false, RxRingCount + CheckIndex(index, HostRxRingCount, "host RX")), MemId);

    /// <summary>Host TX ring <paramref name="index"/>: frames put here are received by the kernel stack.</summary>
    /// <exception cref="InvalidOperationException">The port has no such host ring, or this handle did not bind it.</exception>
    public TxRing HostTxRing(int index) =>
        new(RingAddress(tx: true, TxRingCount + CheckIndex(index, HostTxRingCount, "host TX")), MemId, keepsFragments: false);

    /// <summary>NIOCTXSYNC on every bound TX ring.</summary>
    public void TxSync() => _descriptor.TxSync();

    /// <summary>NIOCRXSYNC on every bound RX ring.</summary>
    public void RxSync() => _descriptor.RxSync();

    /// <summary>poll() with netmap's implicit syncs; returns the ready events (none on time-out).</summary>
    public PollEvents Poll(PollEvents events, int timeoutMilliseconds) => _descriptor.Poll(events, timeoutMilliseconds);

    /// <summary>
    /// Waits without blocking the caller until netmap's poll would report <paramref name="events"/> (POLLIN: an RX
    /// ring has <c>cur != tail</c>; POLLOUT: a TX ring has room), or <paramref name="cancellationToken"/> fires.
    /// </summary>
    /// <returns>The ready events.</returns>
    /// <exception cref="OperationCanceledException">The token was cancelled.</exception>
    public System.Threading.Tasks.Task<PollEvents> WaitAsync(PollEvents events, System.Threading.CancellationToken cancellationToken = default) =>
        PortWaiter.WaitAsync(this, events, cancellationToken);

    /// <summary>Unbinds the port.</summary>
    public void Dispose() => _descriptor.Dispose();

    // Pipes and native NIC rings carry NS_MOREFRAG chains; the user-space netmap's interfaces, like netmap's
    // emulated adapter, send each slot as a frame of its own.
    private bool KeepsFragmentsOnNicTx => Spec.IsPipe || Spec.IsVale || Backend == NetmapBackendKind.Kernel;

    private static int CheckIndex(int index, int count, string what)
    {
        if ((uint)index >= (uint)count)
        {
            throw new ArgumentOutOfRangeException(nameof(index), index, $"{what} ring index must be below {count}.");
        }

        return index;
    }

    private NetmapRingHeader* RingAddress(bool tx, int index)
    {
        NetmapIf nifp = _descriptor.Interface;
        NetmapRing ring = tx ? nifp.TxRing((uint)index) : nifp.RxRing((uint)index);
        return (NetmapRingHeader*)ring.Address;
    }

    private static int ProbeBufferSize(NetmapIf nifp, NetmapPortDescriptor d)
    {
        if (d.LastRxRing >= d.FirstRxRing)
        {
            return (int)nifp.RxRing((uint)d.FirstRxRing).BufferSize;
        }

        return d.LastTxRing >= d.FirstTxRing ? (int)nifp.TxRing((uint)d.FirstTxRing).BufferSize : 0;
    }
}
