namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// One handle's binding on an interface port: where its krings sit in the port's kring run (NIC TX, host TX, NIC
/// RX, host RX, as in netmap's netmap_if), which queues it holds and which descriptors poll() sleeps on.
/// </summary>
internal sealed class InterfaceBinding
{
    public InterfaceBinding(LinuxInterface li, int kringBase, uint txRings, uint rxRings, uint hostRings)
    {
        Interface = li;
        KringBase = kringBase;
        TxRings = txRings;
        RxRings = rxRings;
        HostRings = hostRings;
    }

    public LinuxInterface Interface { get; }

    public int KringBase { get; }

    public uint TxRings { get; }

    public uint RxRings { get; }

    public uint HostRings { get; }

    public uint Rx0 { get; init; }

    public uint Rx1 { get; init; }

    public uint Tx0 { get; init; }

    public uint Tx1 { get; init; }

    /// <summary>Host→NIC forwarding (NS_FORWARD on the host RX ring) needs every NIC TX ring bound, as in netmap.</summary>
    public bool AllNicTx => Tx0 == 0 && Tx1 == TxRings;

    /// <summary>The AF_XDP sockets of the bound RX queues and, when a host RX ring is bound, the TAP.</summary>
    public int[] SleepFds { get; init; } = [];

    public bool IsNicTx(int k) => k - KringBase < TxRings;

    public bool IsHostTx(int k) => k - KringBase >= TxRings && k - KringBase < TxRings + HostRings;

    public bool IsNicRx(int k) => k - KringBase >= TxRings + HostRings && k - KringBase < TxRings + HostRings + RxRings;

    /// <summary>Queue of a NIC kring (TX or RX).</summary>
    public uint Queue(int k) => IsNicTx(k) ? (uint)(k - KringBase) : (uint)(k - KringBase - (int)(TxRings + HostRings));

    /// <summary>
    /// Adds the kernel's drop counters of the queues this binding holds (RX counters only for bound RX queues, TX
    /// only for bound TX queues, the TAP's when <paramref name="hostRx"/>), so handles sharing a socket do not see
    /// each other's directions.
    /// </summary>
    public bool AddLosses(bool hostRx, ref NetmapLosses losses)
    {
        bool ok = true;
        XskSocket[] xsks = Interface.Xsks;
        for (uint q = 0; q < xsks.Length; q++)
        {
            bool rx = q >= Rx0 && q < Rx1;
            bool tx = q >= Tx0 && q < Tx1;
            if ((rx || tx) && xsks[q] is { } xsk)
            {
                ok &= xsk.AddStatistics(ref losses, rx, tx);
            }
        }

        if (hostRx)
        {
            ok &= Interface.Tap.AddStatistics(ref losses);
        }

        return ok;
    }

    /// <summary>Whether a binding whose RX krings end at <paramref name="rxLast"/> holds a host RX ring (they come last).</summary>
    public bool HoldsHostRx(int rxLast) => rxLast > KringBase + (int)(TxRings + HostRings + RxRings);
}
