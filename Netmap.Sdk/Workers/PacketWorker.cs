using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using Netmap.Interop;

namespace Netmap.Sdk;

/// <summary>
/// Moves packets for one ring pair on one thread: NIC RX → processor → drop / host TX / NIC TX / forward target,
/// and host RX → NIC TX. Generic over the processor so a struct processor is called directly. When a destination
/// is full the batch stops at that packet: it and the rest stay in the RX ring (queued) and its verdict is kept,
/// so it is never processed twice. Counters obey the identities of <see cref="TrafficSnapshot"/> at every snapshot.
/// </summary>
public sealed class PacketWorker<TProcessor> : IDisposable
    where TProcessor : IPacketProcessor
{
    private readonly WorkerRings _rings;
    private readonly RxRing _nicRx;
    private readonly TxRing _nicTx;
    private readonly bool _hasHost;
    private readonly RxRing _hostRx;
    private readonly TxRing _hostTx;
    private readonly TxRing[] _targets;
    private readonly HandoffQueue?[] _targetQueues;
    private readonly TxRing[] _handoffRings;
    private readonly HandoffQueue[] _inputs;
    private readonly HandoffQueue[] _outputs;
    private readonly TxRing[] _inputRings;
    private readonly NetmapPollFd[] _pollFds;
    private readonly NetmapPort[] _pollPorts;
    private readonly NetmapPort?[] _targetPorts;
    private readonly NetmapPort[] _inputPorts;
    private readonly INetmapBackend _backend;
    private TProcessor _processor;
    private PendingVerdict _wirePending;
    private PendingVerdict _hostPending;
    private readonly bool _transparent;
    private readonly INetmapLossCounters? _lossCounters;
    private readonly NetmapHandle[] _lossHandles;
    private long _nextLossSample;

    /// <summary>Creates a worker over <paramref name="rings"/> with its own <paramref name="processor"/> instance.</summary>
    /// <exception cref="InvalidOperationException">A ring is not bound by the given handles, or handles mix netmaps.</exception>
    public PacketWorker(WorkerRings rings, TProcessor processor)
    {
        ArgumentNullException.ThrowIfNull(rings);
        _rings = rings;
        _processor = processor;
        _nicRx = rings.NicPort.RxRing(rings.Ring);
        if (rings.Transparent)
        {
            if (rings.NicPort.HostRxRingCount == 0)
            {
                throw new InvalidOperationException(
                    $"transparent mode needs a port with host rings; '{rings.NicPort.Name}' has none (pipes never do).");
            }

            _transparent = true;
            _nicRx.TransparentMode = true;
        }

        _nicTx = rings.NicPort.TxRing(rings.Ring);
        if (rings.HostPort is { } host)
        {
            _hasHost = true;
            _hostRx = host.HostRxRing(rings.HostRing);
            _hostTx = host.HostTxRing(rings.HostRing);
        }

        // A target behind a hand-off queue is another worker's ring: this worker must not even look at it.
        _targets = rings.Targets.Select(t => t.Handoff is null ? t.Port.TxRing(t.Ring) : default).ToArray();
        _targetQueues = rings.Targets.Select(t => t.Handoff).ToArray();
        _handoffRings = rings.Targets.Select(t => t.Handoff is null ? default : t.Port.TxRing(t.Ring)).ToArray();
        _inputs = rings.Handoffs.Select(h => h.Queue).ToArray();
        _outputs = _targetQueues.OfType<HandoffQueue>().Distinct().ToArray();
        _inputRings = rings.Handoffs.Select(h => h.Port.TxRing(h.Ring)).ToArray();
        var handles = new List<NetmapPort> { rings.NicPort };
        if (rings.HostPort is { } h && !ReferenceEquals(h, rings.NicPort))
        {
            handles.Add(h);
        }

        handles.AddRange(rings.Targets.Where(t => t.Handoff is null).Select(t => t.Port).Where(p => !handles.Contains(p)));
        handles.AddRange(rings.Handoffs.Select(h => h.Port).Where(p => !handles.Contains(p)));
        if (handles.Select(p => p.Backend).Distinct().Count() != 1)
        {
            throw new InvalidOperationException("a worker's ports must all live in the same netmap (kernel or user space): give every port the same NetmapPortOptions.Backend.");
        }

        _backend = rings.NicPort.Descriptor.Backend;
        // Only the netmap can see frames lost before the rings, and only some can: ask, do not assume.
        _lossCounters = _backend as INetmapLossCounters;
        _lossHandles = rings.HostPort is { } hp && !ReferenceEquals(hp, rings.NicPort)
            ? [rings.NicPort.Handle, hp.Handle]
            : [rings.NicPort.Handle];
        _pollFds = handles.Select(p => new NetmapPollFd(p.Handle, PollEvents.In)).ToArray();
        _pollPorts = handles.ToArray();
        _targetPorts = rings.Targets.Select(t => t.Handoff is null ? t.Port : null).ToArray();
        _inputPorts = rings.Handoffs.Select(h => h.Port).ToArray();
        Counters = new TrafficCounters();
        Name = $"{rings.NicPort.Name}#{rings.Ring}";
        NetmapMetrics.Register(Counters, rings.NicPort.Name, rings.Ring);
    }

    /// <summary>Stops publishing this worker's counters as metrics (the rings belong to the ports).</summary>
    public void Dispose() => NetmapMetrics.Unregister(Counters);

    /// <summary>A name for logs and metrics: port and ring.</summary>
    public string Name { get; }

    /// <summary>The rings this worker owns.</summary>
    public WorkerRings Rings => _rings;

    /// <summary>This worker's counters.</summary>
    public TrafficCounters Counters { get; }

    /// <summary>
    /// How often <see cref="RunOnce"/> samples the netmap's loss counters (a few system calls), in milliseconds;
    /// 0 samples every round. Losses are never read per packet.
    /// </summary>
    public int LossSampleIntervalMilliseconds { get; set; } = 1000;

    /// <summary>The processor instance (this worker's own).</summary>
    public ref TProcessor Processor => ref _processor;

    /// <summary>
    /// One round without waiting: the NIC RX ring through the processor, then the host RX ring to the wire.
    /// Returns how many packets left an RX ring. Call from the worker's thread only.
    /// </summary>
    public int RunOnce()
    {
        if (_lossCounters is not null && Environment.TickCount64 >= _nextLossSample)
        {
            SampleLosses();
        }

        int moved = DrainHandoffs();
        moved += PumpWire();
        if (_hasHost)
        {
            moved += PumpHost();
        }

        return moved;
    }

    /// <summary>Waits in poll() up to <paramref name="pollTimeoutMilliseconds"/> (syncing the rings), then runs one round.</summary>
    public int Step(int pollTimeoutMilliseconds)
    {
        Poll(pollTimeoutMilliseconds);
        return RunOnce();
    }

    /// <summary>
    /// Runs until <paramref name="stop"/> is cancelled, waiting in poll() (which also syncs the rings) when there is
    /// nothing to do; then drains what is already received and flushes the TX rings before returning.
    /// </summary>
    public void Run(CancellationToken stop, int pollTimeoutMilliseconds = 100)
    {
        // Hand-off queues have no descriptor to wake poll(); an owner of such queues polls with a 1 ms bound so a
        // handed-over packet waits at most that long (the rings themselves still wake it at once).
        int timeout = _inputs.Length > 0 ? Math.Min(pollTimeoutMilliseconds, 1) : pollTimeoutMilliseconds;
        try
        {
            while (!stop.IsCancellationRequested)
            {
                Step(timeout);
            }

            Drain();
        }
        finally
        {
            // Also on failure: the owners of this worker's hand-off queues must not wait for it.
            CompleteOutputs();
        }
    }

    /// <summary>Processes what is already in the RX rings until nothing moves, then flushes TX (graceful stop).</summary>
    public unsafe void Drain()
    {
        // Bounded by time, not rounds: a destination that drains slowly still gets the whole budget, one that
        // never drains does not hold the stop up for longer than it.
        long until = Environment.TickCount64 + DrainMilliseconds;
        while (true)
        {
            bool waiting = _wirePending.IsPresent || _hostPending.IsPresent || HandoffsPending();
            Poll(waiting ? 1 : 0);
            if ((RunOnce() == 0 && !_wirePending.IsPresent && !_hostPending.IsPresent && !HandoffsPending()) ||
                Environment.TickCount64 >= until)
            {
                break;
            }
        }

        // What this worker handed to others is in their queues now; then take everything still coming from the
        // producers of this worker's own queues, so nothing counted as forwarded stays behind in a queue.
        CompleteOutputs();
        long deadline = Environment.TickCount64 + HandoffDrainMilliseconds;
        while (!InputsFinished() && Environment.TickCount64 < deadline)
        {
            Poll(1);
            DrainHandoffs();
        }

        // Whatever a stuck producer or a full ring left after the deadline is counted, not silently freed.
        int discarded = 0;
        foreach (HandoffQueue queue in _inputs)
        {
            discarded += queue.Discard();
        }

        if (discarded > 0)
        {
            ref TrafficSnapshot c = ref Counters.BeginUpdate();
            c.HandoffDropped += discarded;
            Counters.EndUpdate();
        }

        foreach (NetmapPollFd fd in _pollFds)
        {
            _ = _backend.Ioctl(fd.Handle, NetmapIoctl.NIOCTXSYNC, null);
        }

        SampleLosses();
    }

    /// <summary>
    /// How long a graceful stop goes on moving what is already in the RX rings while packets wait for room (ms);
    /// what still waits after that stays in its ring, counted as queued.
    /// </summary>
    public int DrainMilliseconds { get; init; } = 1000;

    /// <summary>How long a graceful stop waits for the producers of this worker's hand-off queues (ms); what is left is counted as hand-off dropped.</summary>
    public int HandoffDrainMilliseconds { get; init; } = 5000;

    private void CompleteOutputs()
    {
        foreach (HandoffQueue queue in _outputs)
        {
            queue.Complete();
        }
    }

    private bool InputsFinished()
    {
        foreach (HandoffQueue queue in _inputs)
        {
            if (!queue.IsCompleted || queue.Count > 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// Reads the netmap's counters of frames lost before this worker's NIC and host rings into <see cref="Counters"/>
    /// now (also done by <see cref="RunOnce"/> every <see cref="LossSampleIntervalMilliseconds"/> and by
    /// <see cref="Drain"/>). Allocation-free. Call from the worker's thread only; does nothing when the netmap
    /// cannot tell.
    /// </summary>
    public void SampleLosses()
    {
        _nextLossSample = Environment.TickCount64 + LossSampleIntervalMilliseconds;
        if (_lossCounters is null)
        {
            return;
        }

        // NIC and host rings on separate handles see disjoint counters, so the sum counts each loss once.
        NetmapLosses total = default;
        foreach (NetmapHandle handle in _lossHandles)
        {
            if (!_lossCounters.TryGetLosses(handle, out NetmapLosses one))
            {
                return;
            }

            total.RxRingFull += one.RxRingFull;
            total.RxDropped += one.RxDropped;
            total.TxDropped += one.TxDropped;
            total.HostRxDropped += one.HostRxDropped;
        }

        ref TrafficSnapshot c = ref Counters.BeginUpdate();
        c.LossesKnown = true;
        c.LostRxRingFull = total.RxRingFull;
        c.LostRxDropped = total.RxDropped;
        c.LostTxDropped = total.TxDropped;
        c.LostHostRx = total.HostRxDropped;
        Counters.EndUpdate();
    }

    private void Poll(int timeout)
    {
        for (int i = 0; i < _pollFds.Length; i++)
        {
            _pollFds[i].Events = PollEvents.In;
        }

        // POLLOUT only where a waiting packet needs room: asked on a handle whose rings have room, poll would
        // return at once every round and the worker would spin.
        if (_wirePending.IsPresent && !WantRoomFor(_wirePending.Peek) && timeout != 0)
        {
            timeout = 1;
        }

        if (_hostPending.IsPresent)
        {
            WantOut(_rings.NicPort);
        }

        if (HandoffsPending())
        {
            foreach (NetmapPort port in _inputPorts)
            {
                WantOut(port);
            }
        }

        int error = _backend.Poll(_pollFds, timeout, out _);
        if (error != 0 && error != Errno.EINTR)
        {
            throw new NetmapException(NetmapStep.Poll, error, Name);
        }
    }

    // False when the destination is another worker's hand-off queue: no descriptor tells when it has room.
    private bool WantRoomFor(Verdict verdict)
    {
        switch (verdict.Kind)
        {
            case VerdictKind.ToHost when _rings.HostPort is { } host:
                WantOut(host);
                return true;
            case VerdictKind.Transmit:
                WantOut(_rings.NicPort);
                return true;
            case VerdictKind.Forward when verdict.Target < _targetPorts.Length && _targetPorts[verdict.Target] is { } target:
                WantOut(target);
                return true;
            default:
                return false;
        }
    }

    private void WantOut(NetmapPort port)
    {
        for (int i = 0; i < _pollPorts.Length; i++)
        {
            if (ReferenceEquals(_pollPorts[i], port))
            {
                _pollFds[i].Events |= PollEvents.Out;
            }
        }
    }

    private int PumpWire()
    {
        RxBatch batch = _nicRx.Read(_rings.BatchSize);
        if (batch.Start == _nicRx.Tail)
        {
            return 0;
        }

        _processor.OnBatch((int)_nicRx.Available);
        uint consumed = batch.Start;
        long received = 0, bytes = 0, dropped = 0, toHost = 0, forwarded = 0, transmitted = 0, unsendable = 0, copied = 0;
        int moved = 0;
        while (batch.MoveNext())
        {
            Packet packet = batch.Current;
            if (!_wirePending.TryTake(out Verdict verdict))
            {
                verdict = _processor.Process(packet);
                received++;
                bytes += packet.Length;
            }

            ForwardResult result;
            switch (verdict.Kind)
            {
                case VerdictKind.Drop:
                    dropped++;
                    consumed = batch.Position;
                    moved++;
                    continue;
                case VerdictKind.ToHost:
                    result = _transparent ? MarkForward(packet)
                        : _hasHost ? _hostTx.TryForward(packet, _nicRx.MemId)
                        : ForwardResult.Unsendable;
                    break;
                case VerdictKind.Transmit:
                    result = _nicTx.TryForward(packet, _nicRx.MemId);
                    break;
                default:
                    result = verdict.Target >= _targets.Length ? ForwardResult.Unsendable
                        : _targetQueues[verdict.Target] is { } queue ? Enqueue(verdict.Target, queue, packet)
                        : _targets[verdict.Target].TryForward(packet, _nicRx.MemId);
                    break;
            }

            if (result == ForwardResult.NoSpace)
            {
                _wirePending.Keep(verdict);
                break;
            }

            if (result == ForwardResult.Unsendable)
            {
                unsendable++;
            }
            else
            {
                copied += result == ForwardResult.Copied ? 1 : 0;
                switch (verdict.Kind)
                {
                    case VerdictKind.ToHost: toHost++; break;
                    case VerdictKind.Transmit: transmitted++; break;
                    default: forwarded++; break;
                }
            }

            consumed = batch.Position;
            moved++;
        }

        // A packet waiting for room has been seen: cur = tail, so poll wakes for new frames or room, not for it.
        _nicRx.AdvanceTo(consumed, _wirePending.IsPresent ? _nicRx.Tail : consumed);
        ref TrafficSnapshot c = ref Counters.BeginUpdate();
        c.Received += received;
        c.ReceivedBytes += bytes;
        c.Dropped += dropped;
        c.ToHost += toHost;
        c.Forwarded += forwarded;
        c.Transmitted += transmitted;
        c.Unsendable += unsendable;
        c.Copied += copied;
        c.Queued = _wirePending.IsPresent ? 1 : 0;
        Counters.EndUpdate();
        return moved;
    }

    // The kernel forwards released NS_FORWARD slots of 14..buffer bytes one slot per frame, so a multi-slot packet
    // cannot go this way either.
    private static ForwardResult MarkForward(in Packet packet)
    {
        if (packet.IsFragmented)
        {
            return ForwardResult.Unsendable;
        }

        packet.SlotAt(0).Flags |= (ushort)NetmapSlotFlags.Forward;
        return ForwardResult.Swapped;
    }

    // The owner's ring is read-only here (its header fields never change): a packet it could never send is refused
    // now rather than blocking the queue.
    private ForwardResult Enqueue(int target, HandoffQueue queue, in Packet packet)
    {
        TxRing ring = _handoffRings[target];
        bool neverFits = packet.Length > queue.MaxPacket || packet.Length == 0
            || (packet.Length > ring.BufferSize && !ring.KeepsFragments);
        return neverFits ? ForwardResult.Unsendable
            : queue.TryEnqueue(packet) ? ForwardResult.Copied
            : ForwardResult.NoSpace;
    }

    private int DrainHandoffs()
    {
        int moved = 0, unsendable = 0;
        for (int i = 0; i < _inputs.Length; i++)
        {
            moved += _inputs[i].DrainInto(_inputRings[i], out int refused);
            unsendable += refused;
        }

        if (moved + unsendable > 0)
        {
            ref TrafficSnapshot c = ref Counters.BeginUpdate();
            c.HandoffSent += moved;
            c.HandoffDropped += unsendable;
            Counters.EndUpdate();
        }

        return moved + unsendable;
    }

    private bool HandoffsPending()
    {
        foreach (HandoffQueue queue in _inputs)
        {
            if (queue.Count > 0)
            {
                return true;
            }
        }

        return false;
    }

    private int PumpHost()
    {
        RxBatch batch = _hostRx.Read(_rings.BatchSize);
        if (batch.Start == _hostRx.Tail)
        {
            return 0;
        }

        uint consumed = batch.Start;
        long received = 0, toWire = 0, dropped = 0;
        int moved = 0;
        while (batch.MoveNext())
        {
            Packet packet = batch.Current;
            if (!_hostPending.TryTake(out Verdict verdict))
            {
                verdict = _processor.ProcessFromHost(packet);
                received++;
            }

            ForwardResult result = verdict.Kind == VerdictKind.Transmit
                ? _nicTx.TryForward(packet, _hostRx.MemId)
                : ForwardResult.Unsendable;
            if (result == ForwardResult.NoSpace)
            {
                _hostPending.Keep(verdict);
                break;
            }

            if (result == ForwardResult.Unsendable)
            {
                dropped++;
            }
            else
            {
                toWire++;
            }

            consumed = batch.Position;
            moved++;
        }

        _hostRx.AdvanceTo(consumed, _hostPending.IsPresent ? _hostRx.Tail : consumed);
        ref TrafficSnapshot c = ref Counters.BeginUpdate();
        c.HostReceived += received;
        c.HostToWire += toWire;
        c.HostDropped += dropped;
        c.HostQueued = _hostPending.IsPresent ? 1 : 0;
        Counters.EndUpdate();
        return moved;
    }
}
