namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// One handle's binding on an interface port: where its krings sit in the port's kring run (NIC TX, host TX, NIC
/// RX, host RX, as in netmap's netmap_if), which queues it holds and which descriptors poll() sleeps on.
/// </summary>
internal sealed class InterfaceBinding
{
    public InterfaceBinding(LinuxInterface li, int kringBase, uint txRings, uint rxRings, uint hostRings, QueueRanges queues)
    {
        Interface = li;
        KringBase = kringBase;
        TxRings = txRings;
        RxRings = rxRings;
        HostRings = hostRings;
        Queues = queues;
    }

    public LinuxInterface Interface { get; }

    public int KringBase { get; }

    public uint TxRings { get; }

    public uint RxRings { get; }

    public uint HostRings { get; }

    public QueueRanges Queues { get; }

    /// <summary>
    /// Whether the binding holds a host TX ring: those are the only rings another process may hold at the same time,
    /// so their syncs take the directory's lock; everything else syncs under <see cref="LinuxInterface.SyncGate"/>.
    /// </summary>
    public bool HoldsHostTx { get; init; }

    /// <summary>Host→NIC forwarding (NS_FORWARD on the host RX ring) needs every NIC TX ring bound, as in netmap.</summary>
    public bool AllNicTx => Queues.Tx0 == 0 && Queues.Tx1 == TxRings;

    /// <summary>The AF_XDP sockets of the bound RX queues and the capture TAPs of the bound host RX rings.</summary>
    public int[] SleepFds { get; init; } = [];

    public bool IsNicTx(int k) => k - KringBase < TxRings;

    public bool IsNicRx(int k) => k - KringBase >= TxRings + HostRings && k - KringBase < TxRings + HostRings + RxRings;

    /// <summary>Queue of a NIC kring (TX or RX).</summary>
    public uint Queue(int k) => IsNicTx(k) ? (uint)(k - KringBase) : (uint)(k - KringBase - (int)(TxRings + HostRings));

    /// <summary>Host ring index of a host RX kring.</summary>
    public uint HostRxIndex(int k) => (uint)(k - KringBase - (int)(TxRings + HostRings + RxRings));

    /// <summary>The kring of NIC TX ring <paramref name="queue"/>.</summary>
    public int NicTxKring(uint queue) => KringBase + (int)queue;

    /// <summary>
    /// Adds the kernel's drop counters of what this binding holds (RX counters only for bound RX queues, TX only for
    /// bound TX queues, the capture TAP's of each bound host RX ring), so handles sharing a socket do not see each
    /// other's directions.
    /// </summary>
    public bool AddLosses(ref NetmapLosses losses)
    {
        bool ok = true;
        XskSocket?[] xsks = Interface.Xsks;
        for (uint q = 0; q < xsks.Length; q++)
        {
            bool rx = q >= Queues.Rx0 && q < Queues.Rx1;
            bool tx = q >= Queues.Tx0 && q < Queues.Tx1;
            if ((rx || tx) && xsks[q] is { } xsk)
            {
                ok &= xsk.AddStatistics(ref losses, rx, tx);
            }
        }

        for (uint h = Queues.Host0; h < Queues.Host1; h++)
        {
            ok &= Interface.Captures[h] is { } tap && tap.AddStatistics(ref losses);
        }

        return ok;
    }
}
