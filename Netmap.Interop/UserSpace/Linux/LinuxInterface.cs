using System;
using System.Collections.Generic;

namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// What this process installed on one Linux interface for its bound rings: the XDP steal, one AF_XDP socket per
/// queue, the TAP and its redirects. Shared by every handle of the process on that interface (the rings themselves
/// live in region 1); created at the first bind, removed at the last close. Callers hold the rendezvous lock.
/// </summary>
internal sealed partial class LinuxInterface : IDisposable
{
    // Rendezvous directories have locks of their own, and one process may use several: this one guards the table.
    private static readonly Dictionary<string, LinuxInterface> Open = new(StringComparer.Ordinal);
    private static readonly object Gate = new();

    private readonly int[] _rxBound;
    private int _users;
    private int _nicTxBound;
    private bool _egressInstalled;
    private readonly NamespaceHandle _namespace = NamespaceHandle.Current();
    private XdpSteal? _steal;
    private TapDevice? _tap;

    private LinuxInterface(string name, uint ifindex, uint rxQueues, uint txQueues)
    {
        Name = name;
        IfIndex = ifindex;
        RxQueues = rxQueues;
        TxQueues = txQueues;
        Xsks = new XskSocket[Math.Max(rxQueues, txQueues)];
        _rxBound = new int[rxQueues];
    }

    public string Name { get; }

    public uint IfIndex { get; }

    public uint RxQueues { get; }

    public uint TxQueues { get; }

    /// <summary>One socket per queue index: RX of queue q reads it, TX of queue q writes it.</summary>
    public XskSocket[] Xsks { get; }

    public TapDevice Tap => _tap!;

    /// <summary>ethtool -K commands (device and features) that put back the offloads this process switched off.</summary>
    public System.Collections.Generic.List<string> RestoreOffloads { get; set; } = [];

    /// <summary>Set once the interface is found deleted: syncs then fail with ENXIO and poll reports POLLERR.</summary>
    public bool Gone { get; private set; }

    /// <summary>Looks whether the interface still exists (one syscall); poll() calls it when it wakes with nothing ready.</summary>
    public bool CheckGone()
    {
        if (!Gone && Xsks[0] is { } x && x.IsUnbound())
        {
            Gone = true;
        }

        return Gone;
    }

    /// <summary>This process's installation on <paramref name="name"/> of network namespace <paramref name="netns"/>, if any.</summary>
    public static LinuxInterface? Find(ulong netns, string name)
    {
        lock (Gate)
        {
            return Open.TryGetValue(Key(netns, name), out LinuxInterface? li) ? li : null;
        }
    }

    private static string Key(ulong netns, string name) => netns.ToString(System.Globalization.CultureInfo.InvariantCulture) + "/" + name;

    /// <summary>The network namespace the interface lives in (the creating thread's).</summary>
    public ulong NetNs { get; private init; }

    /// <summary>
    /// Installs the steal, sockets and TAP on an interface nobody in this process uses yet. Refuses (EBUSY) to share
    /// the interface with an XDP program or tc ingress/clsact qdisc that is not ours; removes ours if a dead process
    /// left them.
    /// </summary>
    public static int Create(ulong netns, string name, uint rxQueues, uint txQueues, Action<string> log, out LinuxInterface? li)
    {
        li = null;
        uint ifindex = InterfaceInfo.Index(name);
        if (ifindex == 0)
        {
            return Errno.ENXIO;
        }

        var created = new LinuxInterface(name, ifindex, rxQueues, txQueues) { NetNs = netns };
        int error = created.Install(log);
        if (error != 0)
        {
            created.Dispose();
            return error;
        }

        lock (Gate)
        {
            Open[Key(netns, name)] = created;
        }

        li = created;
        return 0;
    }

    private int Install(Action<string> log)
    {
        // A child another thread is forking holds copies of our descriptors until it execs, so the previous
        // user's link or TAP can outlive its close by a few milliseconds: EBUSY is retried briefly.
        int error = 0;
        string? why = null;
        for (int attempt = 0; attempt < 10; attempt++)
        {
            error = XdpSteal.Attach(IfIndex, RxQueues, out _steal, out why);
            if (error != Errno.EBUSY)
            {
                break;
            }

            System.Threading.Thread.Sleep(20);
        }

        if (error != 0)
        {
            if (error == Errno.EBUSY)
            {
                string prog = TrafficControl.XdpProgramOf(Name);
                why = prog.Contains(XdpSteal.ProgramName, StringComparison.Ordinal)
                    ? $"interface {Name} is held by another user-space netmap process or directory ({prog})"
                    : $"interface {Name} already carries an XDP program ({prog}); remove it first (ip link set dev {Name} xdp off)";
            }

            log(why!);
            return error;
        }

        // Only now, with the XDP link ours, can a clsact carrying our redirect be a dead process's leftover: a
        // live holder would still have its link attached.
        error = TrafficControl.CheckQdiscs(Name, log);
        if (error != 0)
        {
            return error;
        }

        for (uint q = 0; q < Xsks.Length; q++)
        {
            error = XskSocket.Open(IfIndex, q, out XskSocket? xsk, out why);
            if (error != 0)
            {
                log($"interface {Name}: {why}");
                return error;
            }

            Xsks[q] = xsk!;
        }

        for (int attempt = 0; attempt < 10; attempt++)
        {
            error = TapDevice.Create(TapDevice.NameFor(IfIndex), out _tap, out why);
            if (error != Errno.EBUSY)
            {
                break;
            }

            System.Threading.Thread.Sleep(20);
        }

        if (error != 0)
        {
            log($"interface {Name}: {why}");
            return error;
        }

        return TrafficControl.SetUpTap(Name, _tap!.Name, log);
    }

    /// <summary>A new binding of NIC RX queues [rx0, rx1) and NIC TX queues [tx0, tx1).</summary>
    public int Use(uint rx0, uint rx1, uint tx0, uint tx1, Action<string> log)
    {
        lock (Gate)
        {
            return UseLocked(rx0, rx1, tx0, tx1, log);
        }
    }

    private int UseLocked(uint rx0, uint rx1, uint tx0, uint tx1, Action<string> log)
    {
        for (uint q = rx0; q < rx1; q++)
        {
            if (_rxBound[q]++ == 0)
            {
                int error = _steal!.Steal(q, Xsks[q].Fd);
                if (error != 0)
                {
                    log($"interface {Name}: steering queue {q} to its AF_XDP socket: {Errno.Name(error)}");
                    _rxBound[q]--;
                    return error;
                }
            }
        }

        _users++;
        if (tx1 > tx0)
        {
            _nicTxBound++;
            if (!_egressInstalled)
            {
                _egressInstalled = TrafficControl.RedirectEgress(Name, _tap!.Name, log) == 0;
            }
        }

        return 0;
    }

    /// <summary>Removes an installation whose first binding failed before it was used.</summary>
    public void DropIfUnused()
    {
        lock (Gate)
        {
            if (_users == 0)
            {
                Open.Remove(Key(NetNs, Name));
                Dispose();
            }
        }
    }

    /// <summary>The reverse of <see cref="Use"/>; the last user removes everything.</summary>
    public void Unuse(uint rx0, uint rx1, uint tx0, uint tx1, Action<string> log)
    {
        lock (Gate)
        {
            UnuseLocked(rx0, rx1, tx0, tx1, log);
        }
    }

    private void UnuseLocked(uint rx0, uint rx1, uint tx0, uint tx1, Action<string> log)
    {
        for (uint q = rx0; q < rx1; q++)
        {
            if (--_rxBound[q] == 0)
            {
                _steal!.Release(q);
            }
        }

        if (tx1 > tx0 && --_nicTxBound == 0 && _egressInstalled)
        {
            _namespace.Run(() => TrafficControl.RemoveEgress(Name, log));
            _egressInstalled = false;
        }

        if (--_users == 0)
        {
            Open.Remove(Key(NetNs, Name));
            Dispose();
        }
    }

    public void Dispose()
    {
        // Close may run on any thread (a finalizer too): the commands run in the interface's own namespace.
        _namespace.Run(() =>
        {
            if (_egressInstalled)
            {
                TrafficControl.RemoveEgress(Name, _ => { });
                _egressInstalled = false;
            }

            foreach (string args in RestoreOffloads)
            {
                Commands.Run("ethtool", "-K " + args, out _);
            }

            RestoreOffloads.Clear();
        });
        _namespace.Dispose();

        _steal?.Dispose();
        _steal = null;
        foreach (XskSocket? x in Xsks)
        {
            x?.Dispose();
        }

        // The TAP, its ingress qdisc and redirect vanish with its descriptor.
        _tap?.Dispose();
        _tap = null;
    }
}
