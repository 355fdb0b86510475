namespace Netmap.Interop.UserSpace.Linux;

/// <summary>
/// What one binding holds of an interface that only one process can hold: NIC RX queues [Rx0, Rx1), NIC TX queues
/// [Tx0, Tx1) (a queue's AF_XDP socket serves both directions, so a queue is held when either ring is) and host RX
/// rings [Host0, Host1) (each read through its capture TAP). Host TX rings need nothing of their own: every process
/// writes them into its queue of the injection TAP.
/// </summary>
internal readonly record struct QueueRanges(uint Rx0, uint Rx1, uint Tx0, uint Tx1, uint Host0, uint Host1)
{
    public bool HasQueue(uint q) => (q >= Rx0 && q < Rx1) || (q >= Tx0 && q < Tx1);

    public bool HasHost(uint h) => h >= Host0 && h < Host1;

    /// <summary>The queues of a binding of krings [txFirst, txLast) and [rxFirst, rxLast) of a port whose krings start at <paramref name="kringBase"/>.</summary>
    public static QueueRanges Of(int kringBase, uint txRings, uint rxRings, uint hostRings, int txFirst, int txLast, int rxFirst, int rxLast)
    {
        uint tx0 = (uint)(txFirst - kringBase), tx1 = (uint)(txLast - kringBase);
        uint rxBase = txRings + hostRings;
        uint rx0 = (uint)(rxFirst - kringBase) - rxBase, rx1 = (uint)(rxLast - kringBase) - rxBase;
        if (rxFirst == rxLast)
        {
            rx0 = rx1 = 0;
        }

        if (txFirst == txLast)
        {
            tx0 = tx1 = 0;
        }

        return new QueueRanges(
            System.Math.Min(rx0, rxRings), System.Math.Min(rx1, rxRings),
            System.Math.Min(tx0, txRings), System.Math.Min(tx1, txRings),
            System.Math.Max(rx0, rxRings) - rxRings, System.Math.Max(rx1, rxRings) - rxRings).Normalized();
    }

    // An empty range is [0, 0), so equal holdings compare equal.
    private QueueRanges Normalized() => new(
        Rx1 > Rx0 ? Rx0 : 0, Rx1 > Rx0 ? Rx1 : 0,
        Tx1 > Tx0 ? Tx0 : 0, Tx1 > Tx0 ? Tx1 : 0,
        Host1 > Host0 ? Host0 : 0, Host1 > Host0 ? Host1 : 0);

    /// <summary>Whether two bindings hold a queue or host ring in common (one process's socket or TAP each).</summary>
    public bool Overlaps(in QueueRanges other, uint queues, uint hostRings)
    {
        for (uint q = 0; q < queues; q++)
        {
            if (HasQueue(q) && other.HasQueue(q))
            {
                return true;
            }
        }

        for (uint h = 0; h < hostRings; h++)
        {
            if (HasHost(h) && other.HasHost(h))
            {
                return true;
            }
        }

        return false;
    }
}
