using System;
using Netmap.Interop;
using Netmap.Sdk;

namespace Netmap.Bridge;

/// <summary>
/// One side of the bridge: an open port and the rings its handle bound (libnetmap's <c>nmport_d</c> with
/// first/last_rx/tx_ring). Ring addresses are looked up once, so the forwarding loop only makes views over them.
/// </summary>
internal sealed unsafe class BridgeEndpoint : IDisposable
{
    private readonly nint[] _rx;
    private readonly nint[] _tx;

    private BridgeEndpoint(NetmapPort port)
    {
        Port = port;
        NetmapPortDescriptor d = port.Descriptor;
        NetmapIf nifp = d.Interface;
        FirstRxRing = d.FirstRxRing;
        // Indexes count host rings after NIC rings, as NETMAP_RXRING/NETMAP_TXRING do, so "^" binds e.g. RX ring 1.
        _rx = new nint[Math.Max(0, d.LastRxRing - d.FirstRxRing + 1)];
        for (int i = 0; i < _rx.Length; i++)
        {
            _rx[i] = nifp.RxRing((uint)(d.FirstRxRing + i)).Address;
        }

        _tx = new nint[Math.Max(0, d.LastTxRing - d.FirstTxRing + 1)];
        for (int i = 0; i < _tx.Length; i++)
        {
            _tx[i] = nifp.TxRing((uint)(d.FirstTxRing + i)).Address;
        }

        HostRings = port.Spec.Mode is NetmapRegMode.Sw or NetmapRegMode.OneSw;
        Label = $"{KernelName}:{(HostRings ? "host" : "nic")}";
    }

    public NetmapPort Port { get; }

    /// <summary>The kernel's name of the port (<c>nr_name</c>: "eth0", "x{1"), which bridge.c prints.</summary>
    public string KernelName => Port.Spec.Name;

    /// <summary>bridge.c's "name:host" or "name:nic" (host when only host rings are bound).</summary>
    public string Label { get; }

    public bool HostRings { get; }

    public int FirstRxRing { get; }

    public int RxRingCount => _rx.Length;

    public int TxRingCount => _tx.Length;

    /// <summary>Opens <paramref name="name"/>; throws <see cref="NetmapException"/> with netmap's advice on failure.</summary>
    public static BridgeEndpoint Open(string name) => new(NetmapPort.Open(name));

    public NetmapRing Rx(int k) => new((void*)_rx[k]);

    public NetmapRing Tx(int k) => new((void*)_tx[k]);

    /// <summary>bridge.c's <c>rx_slots_avail</c>: packets waiting in the bound RX rings.</summary>
    public uint RxSlotsAvailable()
    {
        uint total = 0;
        for (int k = 0; k < _rx.Length; k++)
        {
            total += Rx(k).Space;
        }

        return total;
    }

    /// <summary>bridge.c's <c>tx_slots_avail</c>: free slots in the bound TX rings.</summary>
    public uint TxSlotsAvailable()
    {
        uint total = 0;
        for (int k = 0; k < _tx.Length; k++)
        {
            total += Tx(k).Space;
        }

        return total;
    }

    /// <summary>head, cur and tail of <c>cur_rx_ring</c> (libnetmap starts it at the first bound RX ring); zeros without RX rings.</summary>
    public (uint Head, uint Cur, uint Tail) FirstRxPointers()
    {
        if (_rx.Length == 0)
        {
            return default;
        }

        NetmapRing ring = Rx(0);
        return (ring.Head, ring.Cur, ring.Tail);
    }

    public void Dispose() => Port.Dispose();
}
