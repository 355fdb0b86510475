using System;
using System.Collections.Generic;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// What this process holds on one Linux interface for the rings its handles bind: the shared XDP steal and host-ring
/// TAP map (joined by id when another process made them), a queue of the injection TAP, its own tcx egress steer,
/// and per ring what only one process can hold: the AF_XDP socket of each NIC queue it binds and the capture TAP of
/// each host RX ring it binds. Shared by every handle of the process on that interface (the rings themselves live
/// in region 1); created at the first bind, removed at the last close. Callers hold the rendezvous lock.
/// </summary>
internal sealed class LinuxInterface : IDisposable
{
    // Rendezvous directories have locks of their own, and one process may use several: this one guards the table.
    private static readonly Dictionary<string, LinuxInterface> Open = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    private readonly int[] _queueUsers;
    private readonly int[] _rxBound;
    private readonly int[] _txBound;
    private readonly int[] _hostRxBound;
    private readonly NamespaceHandle _namespace = NamespaceHandle.Current();
    private int _users;
    private XdpSteal? _steal;
    private HostTapMap? _taps;
    private EgressSteer? _egress;
    private TapDevice? _inject;

    private LinuxInterface(string name, uint ifindex, uint rxQueues, uint txQueues, uint hostRings)
    {
        Name = name;
        IfIndex = ifindex;
        RxQueues = rxQueues;
        TxQueues = txQueues;
        HostRings = hostRings;
        uint queues = Math.Max(rxQueues, txQueues);
        Xsks = new XskSocket?[queues];
        _queueUsers = new int[queues];
        _rxBound = new int[rxQueues];
        _txBound = new int[txQueues];
        Captures = new TapDevice?[hostRings];
        _hostRxBound = new int[hostRings];
    }

    public string Name { get; }

    public uint IfIndex { get; }

    public uint RxQueues { get; }

    public uint TxQueues { get; }

    /// <summary>Host RX rings (each with its capture TAP; stack output of TX queue q goes to ring q % this).</summary>
    public uint HostRings { get; }

    /// <summary>The longest frame the wire takes: MTU plus Ethernet header and one VLAN tag (at most an AF_XDP frame).</summary>
    public uint MaxFrame { get; private init; }

    /// <summary>The network namespace the interface lives in (the creating thread's).</summary>
    public ulong NetNs { get; private init; }

    /// <summary>One socket per queue this process binds: RX of queue q reads it, TX of queue q writes it.</summary>
    public XskSocket?[] Xsks { get; }

    /// <summary>The capture TAP of each host RX ring this process binds.</summary>
    public TapDevice?[] Captures { get; }

    /// <summary>This process's queue of the injection TAP: what is written there reaches the stack as if received on the interface.</summary>
    public TapDevice Inject => _inject!;

    /// <summary>Set once the interface is found deleted: syncs then fail with ENXIO and poll reports POLLERR.</summary>
    public bool Gone { get; private set; }

    /// <summary>Looks whether the interface still exists (one syscall); poll() calls it when it wakes with nothing ready.</summary>
    public bool CheckGone()
    {
        if (!Gone && _steal is { } s && s.IsDetached())
        {
            Gone = true;
        }

        return Gone;
    }

    /// <summary>
    /// This process's installation on <paramref name="name"/> of network namespace <paramref name="netns"/> for
    /// rendezvous directory <paramref name="directory"/>, if any. Another directory of the same process is another
    /// netmap: it meets this one's steal as another process would.
    /// </summary>
    public static LinuxInterface? Find(string directory, ulong netns, string name)
    {
        lock (Gate)
        {
            return Open.TryGetValue(Key(directory, netns, name), out LinuxInterface? li) ? li : null;
        }
    }

    private static string Key(string directory, ulong netns, string name) =>
        directory + "\0" + netns.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + name;

    private string OwnKey => Key(Directory, NetNs, Name);

    /// <summary>
    /// Serialises this process's syncs and polls of the interface's rings that no other process can hold (NIC queues,
    /// host RX rings), instead of the directory's lock: processes on different queues do not wait for each other,
    /// and a sync costs no flock.
    /// </summary>
    public object SyncGate { get; } = new();

    /// <summary>Runs <paramref name="body"/> holding the sync gate of every installation of <paramref name="directory"/> (its regions are about to go).</summary>
    public static void WithGatesOf(string directory, Action body)
    {
        List<object> gates;
        lock (Gate)
        {
            gates = [];
            foreach (LinuxInterface li in Open.Values)
            {
                if (li.Directory == directory)
                {
                    gates.Add(li.SyncGate);
                }
            }
        }

        int held = 0;
        try
        {
            for (; held < gates.Count; held++)
            {
                System.Threading.Monitor.Enter(gates[held]);
            }

            body();
        }
        finally
        {
            while (held-- > 0)
            {
                System.Threading.Monitor.Exit(gates[held]);
            }
        }
    }

    /// <summary>The rendezvous directory this installation belongs to.</summary>
    public string Directory { get; private init; } = string.Empty;

    /// <summary>
    /// Joins (or, for the first process, creates) the interface's shared steal and TAP map, whose ids
    /// <paramref name="ids"/> carries between processes, and adds this process's injection queue and egress steer.
    /// EBUSY when a foreign XDP program or another directory's steal holds the interface.
    /// </summary>
    public static int Create(string directory, ulong netns, string name, uint rxQueues, uint txQueues, uint hostRings, ref SharedIds ids, Action<string> log, out LinuxInterface? li)
    {
        li = null;
        uint ifindex = InterfaceInfo.Index(name);
        if (ifindex == 0)
        {
            return Errno.ENXIO;
        }

        var created = new LinuxInterface(name, ifindex, rxQueues, txQueues, hostRings)
        {
            Directory = directory,
            NetNs = netns,
            MaxFrame = (uint)Math.Min((InterfaceInfo.Mtu(name) is > 0 and int mtu ? mtu : 1500) + 18, (int)XskSocket.FrameSize),
        };
        int error = created.Install(ref ids, log);
        if (error != 0)
        {
            created.Dispose();
            return error;
        }

        lock (Gate)
        {
            Open[created.OwnKey] = created;
        }

        li = created;
        return 0;
    }

    private int Install(ref SharedIds ids, Action<string> log)
    {
        string? why = null;
        int error;
        if (ids.XdpLinkId != 0)
        {
            error = XdpSteal.Join(IfIndex, ids.XdpLinkId, ids.XskMapId, out _steal, out why);
            if (error == Errno.EPERM)
            {
                log($"interface {Name} is in use by another process; joining its XDP steal needs CAP_SYS_ADMIN ({why})");
                return error;
            }
        }

        // Joined: other live processes use the interface, and their egress programs read its TAP map.
        bool joined = _steal is not null;
        if (_steal is null)
        {
            error = AttachSteal(log);
            if (error != 0)
            {
                return error;
            }

            ids.XdpLinkId = _steal!.LinkId;
            ids.XskMapId = _steal.MapId;
        }

        error = HostTapMap.CreateOrJoin(joined ? ids.TapMapId : 0, HostRings, out _taps, out why);
        if (error != 0)
        {
            log($"interface {Name}: {why}");
            return error;
        }

        ids.TapMapId = _taps!.Id;
        // Another process's queue keeps the injection TAP (and its setup) alive; if that queue closed between the
        // look and the attach, TUNSETIFF made a new device, which has another ifindex and needs setting up.
        string inject = TapDevice.NameFor(IfIndex);
        uint before = InterfaceInfo.Index(inject);
        error = Retried(() => (TapDevice.Create(inject, out _inject, out why, multiQueue: true), why));
        if (error != 0)
        {
            log($"interface {Name}: {why}");
            return error;
        }

        return before == 0 || before != InterfaceInfo.Index(inject) ? TrafficControl.SetUpTap(Name, inject, log) : 0;
    }

    // The egress steer is needed only once this process binds a NIC TX ring: RX-only users pay nothing per stack
    // frame and do not need tcx (Linux 6.6).
    private int AttachEgress(Action<string> log)
    {
        int error = EgressSteer.Attach(IfIndex, TxQueues, _taps!.Fd, out _egress, out string? why);
        if (error != 0)
        {
            log($"interface {Name}: steering stack output to the host rings needs a tcx egress program (Linux 6.6 or later): {why}");
        }

        return error;
    }

    private int AttachSteal(Action<string> log)
    {
        string? why = null;
        int error = Retried(() => (XdpSteal.Attach(IfIndex, RxQueues, out _steal, out why), why));
        if (error == Errno.EBUSY)
        {
            string prog = TrafficControl.XdpProgramOf(Name);
            why = prog.Contains(XdpSteal.ProgramName, StringComparison.Ordinal)
                ? $"interface {Name} is held by a user-space netmap process of another directory ({prog})"
                : $"interface {Name} already carries an XDP program ({prog}); remove it first (ip link set dev {Name} xdp off)";
        }

        if (error != 0)
        {
            log(why!);
        }

        return error;
    }

    // A child another thread is forking holds copies of our descriptors until it execs, so the previous user's
    // link or TAP can outlive its close by a few milliseconds: EBUSY is retried briefly.
    private static int Retried(Func<(int Error, string? Why)> attempt)
    {
        int error = 0;
        for (int i = 0; i < 10; i++)
        {
            error = attempt().Error;
            if (error != Errno.EBUSY)
            {
                break;
            }

            System.Threading.Thread.Sleep(20);
        }

        return error;
    }

    /// <summary>A new binding of NIC RX queues [rx0, rx1), NIC TX queues [tx0, tx1) and host RX rings [h0, h1).</summary>
    public int Use(in QueueRanges q, Action<string> log)
    {
        lock (Gate)
        {
            int error = Acquire(q, log);
            if (error != 0)
            {
                Trim();
                return error;
            }

            for (uint i = 0; i < Xsks.Length; i++)
            {
                _queueUsers[i] += q.HasQueue(i) ? 1 : 0;
            }

            for (uint i = q.Rx0; i < q.Rx1; i++)
            {
                _rxBound[i]++;
            }

            for (uint i = q.Tx0; i < q.Tx1; i++)
            {
                if (_txBound[i]++ == 0)
                {
                    _egress!.Capture(i, HostRings > 0 ? i % HostRings : null);
                }
            }

            for (uint h = q.Host0; h < q.Host1; h++)
            {
                _hostRxBound[h]++;
            }

            _users++;
            return 0;
        }
    }

    // Creates what this binding needs and this process does not hold yet; counts are taken only once all exist.
    private int Acquire(in QueueRanges q, Action<string> log)
    {
        string? why;
        if (q.Tx1 > q.Tx0 && _egress is null && AttachEgress(log) is int failed and not 0)
        {
            return failed;
        }

        for (uint i = 0; i < Xsks.Length; i++)
        {
            if (q.HasQueue(i) && Xsks[i] is null)
            {
                int error = XskSocket.Open(IfIndex, i, out Xsks[i], out why);
                if (error != 0)
                {
                    log($"interface {Name}: {why}");
                    return error;
                }
            }
        }

        for (uint h = q.Host0; h < q.Host1; h++)
        {
            if (Captures[h] is null)
            {
                string name = TapDevice.CaptureNameFor(IfIndex, h);
                why = null;
                int error = Retried(() => (TapDevice.Create(name, out Captures[h], out why), why));
                if (error != 0)
                {
                    log($"interface {Name}: {why}");
                    return error;
                }

                if (TrafficControl.SetUpCapture(Name, name, log) is int notUp)
                {
                    return notUp;
                }

                _taps!.Set(h, InterfaceInfo.Index(name));
            }
        }

        for (uint i = q.Rx0; i < q.Rx1; i++)
        {
            if (_rxBound[i] == 0)
            {
                int error = _steal!.Steal(i, Xsks[i]!.Fd);
                if (error != 0)
                {
                    log($"interface {Name}: steering queue {i} to its AF_XDP socket: {Errno.Name(error)}");
                    for (uint j = q.Rx0; j < i; j++)
                    {
                        if (_rxBound[j] == 0)
                        {
                            _steal.Release(j);
                        }
                    }

                    return error;
                }
            }
        }

        return 0;
    }

    // Releases sockets and capture TAPs no binding of this process uses.
    private void Trim()
    {
        for (int i = 0; i < Xsks.Length; i++)
        {
            if (_queueUsers[i] == 0 && Xsks[i] is { } x)
            {
                x.Dispose();
                Xsks[i] = null;
            }
        }

        for (uint h = 0; h < Captures.Length; h++)
        {
            if (_hostRxBound[h] == 0 && Captures[h] is { } tap)
            {
                _taps?.Set(h, 0);
                tap.Dispose();
                Captures[h] = null;
            }
        }
    }

    /// <summary>Removes an installation whose first binding failed before it was used.</summary>
    public void DropIfUnused()
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                Open.Remove(OwnKey);
                Dispose();
            }
        }
    }

    /// <summary>
    /// The reverse of <see cref="Use"/>; the last user of a queue or host ring releases it, the last of all removes
    /// everything. <paramref name="lastOfAll"/> (no other binding of any process is left) runs in the interface's
    /// namespace first: close may run on any thread, a finalizer too.
    /// </summary>
    public void Unuse(in QueueRanges q, Action? lastOfAll = null)
    {
        lock (Gate)
        {
            if (lastOfAll is not null)
            {
                _namespace.Run(lastOfAll);
            }

            // The last binding of every process: the steal leaves the interface now, as netmap's unregister does.
            if (lastOfAll is not null && _users == 1)
            {
                _steal?.Detach();
            }

            for (uint i = q.Rx0; i < q.Rx1; i++)
            {
                if (--_rxBound[i] == 0)
                {
                    _steal!.Release(i);
                }
            }

            for (uint i = q.Tx0; i < q.Tx1; i++)
            {
                if (--_txBound[i] == 0)
                {
                    _egress!.Capture(i, null);
                }
            }

            for (uint h = q.Host0; h < q.Host1; h++)
            {
                _hostRxBound[h]--;
            }

            for (uint i = 0; i < Xsks.Length; i++)
            {
                _queueUsers[i] -= q.HasQueue(i) ? 1 : 0;
            }

            Trim();
            if (--_users == 0)
            {
                Open.Remove(OwnKey);
                Dispose();
            }
        }
    }

    public void Dispose()
    {
        _namespace.Dispose();
        _egress?.Dispose();
        _egress = null;
        _steal?.Dispose();
        _steal = null;
        for (int i = 0; i < Xsks.Length; i++)
        {
            Xsks[i]?.Dispose();
            Xsks[i] = null;
        }

        for (uint h = 0; h < Captures.Length; h++)
        {
            if (Captures[h] is { } tap)
            {
                _taps?.Set(h, 0);
                tap.Dispose();
                Captures[h] = null;
            }
        }

        _taps?.Dispose();
        _taps = null;

        // The TAPs and the injection TAP's ingress redirect vanish with the last descriptor.
        _inject?.Dispose();
        _inject = null;
    }

    /// <summary>The kernel objects of an interface every process shares, by id (kept in the port's state).</summary>
    public struct SharedIds
    {
        public uint XdpLinkId;
        public uint XskMapId;
        public uint TapMapId;
    }
}
