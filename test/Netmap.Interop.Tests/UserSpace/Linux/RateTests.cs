using System;
using System.Diagnostics;
using System.Threading;
using Netmap.Interop;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>A 2-second rate measurement: netmap:b0 NIC TX generating 60-byte frames into netmap:a0 NIC RX.</summary>
public sealed class RateTests
{
    private readonly ITestOutputHelper _out;

    public RateTests(ITestOutputHelper output) => _out = output;

    [Fact]
    public void Nic_to_nic_rate_is_reported()
    {
        using var lab = new VethLab();
        using var rv = new RendezvousDirectory();
        using var opened = new ManualResetEventSlim();
        int stop = 0;
        var receiver = new Background<long>(() => Namespaces.Run(lab.NsA, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.A);
            opened.Set();
            NetmapRing rx = p.Rx();
            long n = 0;
            while (Volatile.Read(ref stop) == 0)
            {
                p.Poll(PollEvents.In, 50);
                n += RingMath.Distance(rx.Head, rx.Tail, rx.NumSlots);
                rx.Head = rx.Cur = rx.Tail;
            }

            return n;
        }));
        Assert.True(opened.Wait(10000));
        byte[] frame = Frames.Udp(lab.MacB, lab.MacA, VethLab.AddrB, VethLab.AddrA, 4321, new byte[18]);
        long sent = Namespaces.Run(lab.NsB, () =>
        {
            using UsPort p = UsPort.Open(rv.Backend, VethLab.B);
            NetmapRing tx = p.Tx();
            for (uint i = 0; i < tx.NumSlots; i++)
            {
                frame.CopyTo(tx.Buffer(tx.Slot(i).BufIdx));
                tx.Slot(i).Len = (ushort)frame.Length;
            }

            long count = 0;
            var sw = Stopwatch.StartNew();
            while (sw.ElapsedMilliseconds < 2000)
            {
                uint space = RingMath.Distance(tx.Head, tx.Tail, tx.NumSlots);
                count += space;
                tx.Head = tx.Cur = tx.Tail;
                p.TxSync();
            }

            return count;
        });
        Thread.Sleep(200);
        Volatile.Write(ref stop, 1);
        long received = receiver.Join();
        _out.WriteLine($"60-byte frames, 2 s, unpinned, veth native XDP + AF_XDP copy mode both ends: sent {sent / 2.0 / 1e3:F0} kpps, received {received / 2.0 / 1e3:F0} kpps ({100.0 * received / Math.Max(1, sent):F1} %)");
        Assert.True(received > 0);
    }
}
