using System;
using System.Collections.Generic;
using Netmap.Interop;
using Xunit;

namespace Netmap.Interop.Tests.UserSpace;

/// <summary>
/// A small reference model of one pipe (notes.md §4, §7): per direction the application's head, the kernel's
/// hwcur/tail as the rules predict them, the packets written, in flight and visible. Each operation is applied
/// to the real pipe through the seam and to the model, then the two are compared.
/// </summary>
internal sealed unsafe class PipeModel
{
    private readonly UsPort[] _ends;
    private readonly Direction[] _dirs = [new(), new()];
    private readonly HashSet<uint> _initial;
    private readonly uint _n;
    private int _seq;

    public PipeModel(UsPort master, UsPort slave, uint n)
    {
        _ends = [master, slave];
        _n = n;
        foreach (Direction d in _dirs)
        {
            d.TxTail = n - 1;
        }

        _initial = Buffers();
        Assert.Equal((int)((2 * n) + master.Reply.ExtraBufs + slave.Reply.ExtraBufs), _initial.Count);
    }

    private sealed class Direction
    {
        public uint TxHead;
        public uint TxSynced;
        public uint TxTail;
        public uint RxHead;
        public uint RxReleased;
        public uint RxTail;
        public int RxConsumed;
        public long SentCum;
        public long ReleasedCum;
        public uint PublishPos;
        public readonly List<Frag> Pending = [];
        public readonly List<Frag> Unpublished = [];
        public readonly List<Frag> Inflight = [];
        public readonly List<Frag> RxVisible = [];
    }

    /// <summary>One slot's worth of a packet: its bytes and whether NS_MOREFRAG says more follow.</summary>
    private sealed record Frag(byte[] Data, bool More);

    private NetmapRing TxRing(int d) => _ends[d].Tx();

    private NetmapRing RxRing(int d) => _ends[1 - d].Rx();

    public void Step(int x)
    {
        uint u = (uint)x;
        int end = (int)((u >> 4) & 1);
        int k = 1 + (int)((u >> 5) % 4);
        bool flag = ((u >> 8) & 1) != 0;
        switch (u % 11)
        {
            case 0:
                Send(end, k, flag, fragments: false, incomplete: false);
                break;
            case 1:
                Send(end, k, flag, fragments: true, incomplete: ((u >> 10) & 1) != 0);
                break;
            case 2 or 3:
                Receive(1 - end, k, flag);
                break;
            case 4:
                Assert.Equal(0, _ends[end].TxSync());
                ApplyTxSync(end);
                break;
            case 5:
                Assert.Equal(0, _ends[end].RxSync());
                ApplyRxSync(1 - end);
                break;
            case 6:
                Poll(end, ((u >> 9) % 3) switch { 0 => PollEvents.In, 1 => PollEvents.Out, _ => PollEvents.In | PollEvents.Out });
                break;
            case 7:
                BadTx(end, flag);
                break;
            case 8:
                BadRx(end);
                break;
            case 9:
                CurBeforeHeadTx(end);
                break;
            default:
                CurBeforeHeadRx(end);
                break;
        }

        CheckInvariants();
    }

    private byte[] NextPayload()
    {
        int seq = _seq++;
        var data = new byte[1 + (seq * 7 % 60)];
        BitConverter.TryWriteBytes(data.AsSpan(0, Math.Min(4, data.Length)), seq);
        for (int i = 4; i < data.Length; i++)
        {
            data[i] = (byte)(seq + i);
        }

        return data;
    }

    private void Send(int d, int k, bool swap, bool fragments, bool incomplete)
    {
        Direction m = _dirs[d];
        NetmapRing ring = TxRing(d);
        int space = (int)RingMath.Space(m.TxHead, m.TxTail, _n);
        int count = Math.Min(k, space);
        for (int i = 0; i < count; i++)
        {
            ref NetmapSlot slot = ref ring.Slot(m.TxHead);
            bool more = fragments && (i < count - 1 || incomplete);
            slot.Flags = more ? (ushort)NetmapSlotFlags.MoreFragments : (ushort)0;
            if (swap && TrySwap(_ends[d], ref slot))
            {
                slot.Flags |= (ushort)NetmapSlotFlags.BufChanged;
            }

            byte[] payload = NextPayload();
            payload.CopyTo(ring.Buffer(slot.BufIdx));
            slot.Len = (ushort)payload.Length;
            m.TxHead = RingMath.Next(m.TxHead, _n);
            ring.Head = ring.Cur = m.TxHead;
            m.Pending.Add(new Frag(payload, more));
        }
    }

    private void Receive(int d, int k, bool swap)
    {
        Direction m = _dirs[d];
        NetmapRing ring = RxRing(d);
        int available = m.RxVisible.Count - m.RxConsumed;
        for (int i = 0; i < Math.Min(k, available); i++)
        {
            Frag expected = m.RxVisible[m.RxConsumed];
            Assert.Equal(expected.Data, ring.SlotData(m.RxHead).ToArray());
            ref NetmapSlot slot = ref ring.Slot(m.RxHead);
            Assert.Equal(expected.More, (slot.Flags & (ushort)NetmapSlotFlags.MoreFragments) != 0);
            if (swap && TrySwap(_ends[1 - d], ref slot))
            {
                slot.Flags |= (ushort)NetmapSlotFlags.BufChanged;

                // A later reinit may hand this slot back unreleased: it then shows the swapped-in buffer.
                m.RxVisible[m.RxConsumed] = expected with { Data = ring.SlotData(m.RxHead).ToArray() };
            }

            m.RxHead = RingMath.Next(m.RxHead, _n);
            ring.Head = ring.Cur = m.RxHead;
            m.RxConsumed++;
        }
    }

    /// <summary>Takes the first extra buffer of the end's list into the slot and gives the slot's buffer to the list.</summary>
    private static bool TrySwap(UsPort end, ref NetmapSlot slot)
    {
        NetmapIf nifp = end.Nifp;
        NetmapRing any = end.Nifp.HasTxRing(0) ? end.Tx() : end.Rx();
        uint b = nifp.BufsHead;
        if (b == 0)
        {
            return false;
        }

        uint next = BitConverter.ToUInt32(any.Buffer(b)[..4]);
        uint old = slot.BufIdx;
        BitConverter.TryWriteBytes(any.Buffer(old)[..4], next);
        nifp.BufsHead = old;
        slot.BufIdx = b;
        return true;
    }

    private void ApplyTxSync(int d)
    {
        Direction m = _dirs[d];
        m.SentCum += m.Pending.Count;
        m.Unpublished.AddRange(m.Pending);
        m.Pending.Clear();

        // Pipes publish only up to the last complete packet; trailing fragments wait for the rest.
        int complete = m.Unpublished.FindLastIndex(f => !f.More) + 1;
        m.Inflight.AddRange(m.Unpublished.GetRange(0, complete));
        m.Unpublished.RemoveRange(0, complete);
        m.PublishPos = RingMath.Advance(m.PublishPos, (uint)complete, _n);
        m.TxSynced = m.TxHead;
        m.TxTail = m.RxReleased == 0 ? _n - 1 : m.RxReleased - 1;
    }

    private void ApplyRxSync(int d)
    {
        Direction m = _dirs[d];
        m.RxVisible.RemoveRange(0, m.RxConsumed);
        m.ReleasedCum += m.RxConsumed;
        m.RxConsumed = 0;
        m.RxReleased = m.RxHead;
        m.RxVisible.AddRange(m.Inflight);
        m.Inflight.Clear();
        m.RxTail = m.PublishPos;
    }

    private void Poll(int end, PollEvents events)
    {
        Direction tx = _dirs[end];
        Direction rx = _dirs[1 - end];
        bool wantOut = (events & PollEvents.Out) != 0;
        PollEvents expected = PollEvents.None;
        if (wantOut || tx.TxHead != tx.TxSynced)
        {
            ApplyTxSync(end);
        }

        if (wantOut && tx.TxHead != tx.TxTail)
        {
            expected |= PollEvents.Out;
        }

        if ((events & PollEvents.In) != 0)
        {
            ApplyRxSync(1 - end);
            if (rx.RxHead != rx.RxTail)
            {
                expected |= PollEvents.In;
            }
        }

        Assert.Equal(expected, _ends[end].Poll(events));
    }

    private void BadTx(int end, bool viaPoll)
    {
        Direction m = _dirs[end];
        NetmapRing ring = TxRing(end);
        ring.Head = ring.Cur = _n + 2;
        m.TxHead = m.TxSynced;
        m.Pending.Clear();
        if (viaPoll)
        {
            // The refused pass finds no room unless the ring had some; poll's second pass then syncs for real.
            if (m.TxHead == m.TxTail)
            {
                ApplyTxSync(end);
            }

            PollEvents got = _ends[end].Poll(PollEvents.Out);
            Assert.Equal(PollEvents.Err | (m.TxHead != m.TxTail ? PollEvents.Out : PollEvents.None), got);
        }
        else
        {
            Assert.Equal(0, _ends[end].TxSync());
        }
    }

    private void BadRx(int end)
    {
        Direction m = _dirs[1 - end];
        NetmapRing ring = RxRing(1 - end);
        ring.Head = ring.Cur = _n + 2;
        Assert.Equal(0, _ends[end].RxSync());
        m.RxHead = m.RxReleased;
        m.RxConsumed = 0;
        ApplyRxSync(1 - end);
    }

    /// <summary>An in-range but misordered cur: refused, values adopted, nothing sent; fixing cur lets the next sync pass.</summary>
    private void CurBeforeHeadTx(int end)
    {
        Direction m = _dirs[end];
        uint bad = m.TxHead == 0 ? _n - 1 : m.TxHead - 1;
        if (bad == m.TxTail)
        {
            return;
        }

        NetmapRing ring = TxRing(end);
        ring.Cur = bad;
        Assert.Equal(0, _ends[end].TxSync());
        Assert.Equal((m.TxHead, bad, m.TxTail), (ring.Head, ring.Cur, ring.Tail));
        ring.Cur = m.TxHead;
    }

    /// <summary>The RX prologue refuses it too, but the RX backend still runs: released slots go back, new ones arrive.</summary>
    private void CurBeforeHeadRx(int end)
    {
        Direction m = _dirs[1 - end];
        uint bad = m.RxHead == 0 ? _n - 1 : m.RxHead - 1;
        if (bad == m.RxTail || m.RxHead == m.RxReleased)
        {
            return;
        }

        NetmapRing ring = RxRing(1 - end);
        ring.Cur = bad;
        Assert.Equal(0, _ends[end].RxSync());
        ApplyRxSync(1 - end);
        Assert.Equal(bad, ring.Cur);
        ring.Cur = m.RxHead;
    }

    private void CheckInvariants()
    {
        for (int d = 0; d < 2; d++)
        {
            Direction m = _dirs[d];
            NetmapRing tx = TxRing(d);
            NetmapRing rx = RxRing(d);
            Assert.Equal((m.TxHead, m.TxHead, m.TxTail), (tx.Head, tx.Cur, tx.Tail));
            Assert.Equal((m.RxHead, m.RxHead, m.RxTail), (rx.Head, rx.Cur, rx.Tail));
            Assert.True(tx.Head < _n && tx.Tail < _n && rx.Head < _n && rx.Tail < _n);
        }

        HashSet<uint> now = Buffers();
        Assert.True(now.SetEquals(_initial), "a buffer index was lost or duplicated");
    }

    /// <summary>
    /// Every buffer once: a position of a pipe direction belongs to the receiver's array from the last release up
    /// to the last send (the slots travelled there), otherwise to the sender's; plus both extra lists.
    /// </summary>
    private HashSet<uint> Buffers()
    {
        var set = new HashSet<uint>();
        for (int d = 0; d < 2; d++)
        {
            Direction m = _dirs[d];
            NetmapRing tx = TxRing(d);
            NetmapRing rx = RxRing(d);
            long rxCount = m.SentCum - m.ReleasedCum;
            for (uint i = 0; i < _n; i++)
            {
                uint pos = RingMath.Advance(m.RxReleased, i, _n);
                uint b = i < rxCount ? rx.Slot(pos).BufIdx : tx.Slot(pos).BufIdx;
                Assert.True(b >= 2, $"buffer index {b} at position {pos}");
                Assert.True(set.Add(b), $"buffer {b} owned twice (direction {d}, position {pos})");
            }
        }

        foreach (UsPort end in _ends)
        {
            NetmapRing any = end.Nifp.HasTxRing(0) ? end.Tx() : end.Rx();
            for (uint b = end.Nifp.BufsHead; b != 0; b = BitConverter.ToUInt32(any.Buffer(b)[..4]))
            {
                Assert.True(set.Add(b), $"extra buffer {b} owned twice");
            }
        }

        return set;
    }
}
