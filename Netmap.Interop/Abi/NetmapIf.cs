using System;
using System.Text;

namespace Netmap.Interop;

/// <summary>
/// A view of one <c>struct netmap_if</c>: the port's ring counts and the <c>ring_ofs[]</c> table (NIC TX, host TX,
/// NIC RX, host RX). Rings this handle did not bind have offset 0. The host counts here are at least 1 even on
/// ports without host rings (a placeholder pair); index with these values, trust the REGISTER reply for existence.
/// </summary>
public readonly unsafe ref struct NetmapIf
{
    private readonly NetmapIfHeader* _nifp;

    /// <summary>Wraps the netmap_if at <paramref name="nifp"/> (base of the mapping + <c>nr_offset</c>).</summary>
    public NetmapIf(void* nifp)
    {
        ArgumentNullException.ThrowIfNull(nifp);
        _nifp = (NetmapIfHeader*)nifp;
    }

    /// <summary>The address of the netmap_if.</summary>
    public nint Address => (nint)_nifp;

    /// <summary>The header.</summary>
    public ref NetmapIfHeader Header => ref *_nifp;

    /// <summary><c>ni_name</c>.</summary>
    public string Name
    {
        get
        {
            ReadOnlySpan<byte> bytes = _nifp->Name;
            int end = bytes.IndexOf((byte)0);
            return Encoding.UTF8.GetString(end < 0 ? bytes : bytes[..end]);
        }
    }

    /// <summary><c>ni_tx_rings</c>.</summary>
    public uint TxRings => _nifp->TxRings;

    /// <summary><c>ni_rx_rings</c>.</summary>
    public uint RxRings => _nifp->RxRings;

    /// <summary><c>ni_host_tx_rings</c> (≥ 1).</summary>
    public uint HostTxRings => _nifp->HostTxRings;

    /// <summary><c>ni_host_rx_rings</c> (≥ 1).</summary>
    public uint HostRxRings => _nifp->HostRxRings;

    /// <summary><c>ni_bufs_head</c>: first extra buffer, 0 if none.</summary>
    public uint BufsHead
    {
        get => _nifp->BufsHead;
        set => _nifp->BufsHead = value;
    }

    /// <summary><c>ni_flags</c>.</summary>
    public NetmapIfFlags Flags => (NetmapIfFlags)_nifp->Flags;

    /// <summary>Number of entries in <c>ring_ofs[]</c>.</summary>
    public int RingOffsetCount => (int)(_nifp->TxRings + _nifp->HostTxRings + _nifp->RxRings + _nifp->HostRxRings);

    /// <summary>The <c>ring_ofs[]</c> table.</summary>
    public ReadOnlySpan<long> RingOffsets => new((byte*)_nifp + sizeof(NetmapIfHeader), RingOffsetCount);

    /// <summary>ring_ofs index of TX ring <paramref name="i"/> (host TX rings follow the NIC ones: i ≥ ni_tx_rings).</summary>
    public int TxIndex(uint i) => (int)i;

    /// <summary>ring_ofs index of RX ring <paramref name="i"/> (host RX rings follow the NIC ones: i ≥ ni_rx_rings).</summary>
    public int RxIndex(uint i) => (int)(_nifp->TxRings + _nifp->HostTxRings + i);

    /// <summary>True if this handle bound TX ring <paramref name="i"/> (its offset is non-zero).</summary>
    public bool HasTxRing(uint i) => i < _nifp->TxRings + _nifp->HostTxRings && RingOffsets[TxIndex(i)] != 0;

    /// <summary>True if this handle bound RX ring <paramref name="i"/> (its offset is non-zero).</summary>
    public bool HasRxRing(uint i) => i < _nifp->RxRings + _nifp->HostRxRings && RingOffsets[RxIndex(i)] != 0;

    /// <summary><c>NETMAP_TXRING(nifp, i)</c>: TX ring i; i ≥ ni_tx_rings selects host TX ring i - ni_tx_rings.</summary>
    /// <exception cref="InvalidOperationException">This handle did not bind that ring.</exception>
    public NetmapRing TxRing(uint i) => RingAt(TxIndex(i), "TX", i, _nifp->TxRings + _nifp->HostTxRings);

    /// <summary><c>NETMAP_RXRING(nifp, i)</c>: RX ring i; i ≥ ni_rx_rings selects host RX ring i - ni_rx_rings.</summary>
    /// <exception cref="InvalidOperationException">This handle did not bind that ring.</exception>
    public NetmapRing RxRing(uint i) => RingAt(RxIndex(i), "RX", i, _nifp->RxRings + _nifp->HostRxRings);

    private NetmapRing RingAt(int slot, string direction, uint i, uint count)
    {
        if (i >= count)
        {
            throw new ArgumentOutOfRangeException(nameof(i), i, $"{direction} ring index must be below {count}.");
        }

        long offset = RingOffsets[slot];
        if (offset == 0)
        {
            throw new InvalidOperationException($"{direction} ring {i} is not bound by this handle (ring_ofs is 0).");
        }

        return new NetmapRing((byte*)_nifp + offset);
    }
}
