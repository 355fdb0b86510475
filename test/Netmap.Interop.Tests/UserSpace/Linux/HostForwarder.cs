using System;
using System.Threading;
using Netmap.Interop;
using Netmap.Interop.UserSpace;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>
/// The seed's program in miniature: holds <c>netmap:a0*</c> inside the lab's namespace A and copies NIC RX to host
/// TX (when <see cref="PassToHost"/>) and host RX to NIC TX, on its own thread, until disposed.
/// </summary>
internal sealed class HostForwarder : IDisposable
{
    private readonly Background<long> _loop;
    private readonly ManualResetEventSlim _opened = new();
    private readonly bool _transparent;
    private volatile bool _stop;
    private Exception? _openFailure;

    public HostForwarder(VethLab lab, UserSpaceNetmapBackend backend, string name = VethLab.A, bool transparent = false)
    {
        _transparent = transparent;
        _loop = new Background<long>(() => Namespaces.Run(lab.NsA, () => Loop(backend, name), 60000));
        if (!_opened.Wait(15000) || _openFailure is not null)
        {
            _stop = true;
            throw new InvalidOperationException("forwarder did not open", _openFailure);
        }
    }

    /// <summary>True: every frame of the NIC goes to the stack; false: none does.</summary>
    public volatile bool PassToHost = true;

    public long Frames;

    private long Loop(UserSpaceNetmapBackend backend, string name)
    {
        UsPort p;
        try
        {
            p = UsPort.Open(backend, name, (ref NmReqRegister r) => r.Mode = (uint)NetmapRegMode.NicSw);
        }
        catch (InvalidOperationException ex)
        {
            _openFailure = ex;
            _opened.Set();
            throw;
        }

        using (p)
        {
            _opened.Set();
            uint nicRx = p.Reply.RxRings, nicTx = p.Reply.TxRings;
            if (_transparent)
            {
                for (uint q = 0; q <= nicRx; q++)
                {
                    p.Rx(q).Flags |= NetmapRingFlags.Forward;
                }
            }

            while (!_stop)
            {
                p.Poll(PollEvents.In, 20);
                if (_transparent)
                {
                    // NR_FORWARD: released slots marked NS_FORWARD go to the other side at the next sync.
                    for (uint q = 0; q < nicRx; q++)
                    {
                        Release(p.Rx(q), PassToHost);
                    }

                    Release(p.Rx(nicRx), true);
                    p.RxSync();
                    continue;
                }

                for (uint q = 0; q < nicRx; q++)
                {
                    Move(p.Rx(q), p.Tx(nicTx), PassToHost);
                }

                Move(p.Rx(nicRx), p.Tx(0), true);
                p.TxSync();
            }
        }

        return Frames;
    }

    private void Move(NetmapRing rx, NetmapRing tx, bool pass)
    {
        while (rx.Head != rx.Tail)
        {
            if (pass)
            {
                if (tx.Head == tx.Tail)
                {
                    return;
                }

                ref NetmapSlot s = ref rx.Slot(rx.Head);
                ref NetmapSlot d = ref tx.Slot(tx.Head);
                rx.Buffer(s.BufIdx)[..s.Len].CopyTo(tx.Buffer(d.BufIdx));
                d.Len = s.Len;
                tx.Head = tx.Cur = tx.Next(tx.Head);
                Interlocked.Increment(ref Frames);
            }

            rx.Head = rx.Cur = rx.Next(rx.Head);
        }
    }

    private void Release(NetmapRing rx, bool forward)
    {
        while (rx.Head != rx.Tail)
        {
            ref NetmapSlot s = ref rx.Slot(rx.Head);
            s.Flags = forward ? (ushort)(s.Flags | (ushort)NetmapSlotFlags.Forward) : (ushort)(s.Flags & ~(ushort)NetmapSlotFlags.Forward);
            if (forward)
            {
                Interlocked.Increment(ref Frames);
            }

            rx.Head = rx.Cur = rx.Next(rx.Head);
        }
    }

    public void Dispose()
    {
        _stop = true;
        _loop.Join();
        _opened.Dispose();
    }
}
