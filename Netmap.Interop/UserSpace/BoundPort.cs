namespace Netmap.Interop.UserSpace;

/// <summary>What one registered handle bound (netmap's <c>netmap_priv_d</c> as this process keeps it).</summary>
internal sealed class BoundPort
{
    public BoundPort(Region region, int binding, int port, int peerPort)
    {
        Region = region;
        Binding = binding;
        Port = port;
        PeerPort = peerPort;
    }

    public Region Region { get; }

    public int Binding { get; }

    public int Port { get; }

    /// <summary>The other end of a pipe, whose waiters a sync wakes; -1 for a null port.</summary>
    public int PeerPort { get; }

    /// <summary>Kring indexes of the bound TX rings: [TxFirst, TxLast).</summary>
    public int TxFirst { get; init; }

    public int TxLast { get; init; }

    /// <summary>Kring indexes of the bound RX rings: [RxFirst, RxLast).</summary>
    public int RxFirst { get; init; }

    public int RxLast { get; init; }

    /// <summary>NR_NO_TX_POLL: poll() syncs TX rings only when POLLOUT is asked.</summary>
    public bool NoTxPoll { get; init; }

    /// <summary>Pipes run netmap_pipe_txsync/rxsync; null ports move nothing.</summary>
    public bool IsPipe { get; init; }

    /// <summary>The kernel side of an interface binding (AF_XDP sockets, TAP); null for pipes and null ports.</summary>
    public Linux.InterfaceBinding? Interface { get; init; }
}
