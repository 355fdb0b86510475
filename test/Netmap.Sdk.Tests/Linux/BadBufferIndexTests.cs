using System;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;
using Netmap.Interop.Tests.UserSpace.Linux;
using Xunit;

namespace Netmap.Sdk.Tests.Linux;

/// <summary>
/// An application that hands back an RX slot with an out-of-range buf_idx must not make the user-space netmap
/// write outside the region when that slot is refilled: netmap substitutes buffer 0 (notes.md §1).
/// </summary>
public sealed class BadBufferIndexTests
{
    [Fact]
    public void A_released_slot_with_a_bad_buffer_index_is_refilled_into_buffer_zero_not_outside_the_region()
    {
        using var lab = new VethLab();
        lab.InB($"ip neigh replace {VethLab.AddrA} lladdr {lab.MacA} dev {VethLab.B}");
        int received = Namespaces.Run(lab.NsA, () =>
        {
            using NetmapPort port = NetmapPort.Open($"netmap:{VethLab.A}");
            RxRing rx = port.RxRing(0);
            uint slots = rx.NumSlots;
            int got = 0;
            bool poisoned = false;
            var udp = new UdpSender(lab);
            for (int round = 0; round < 400 && got < slots + 64; round++)
            {
                udp.Send(16);
                port.Poll(PollEvents.In, 100);
                RxBatch batch = rx.Read();
                foreach (Packet p in batch)
                {
                    if (!poisoned)
                    {
                        // Hand this slot back pointing past the end of the buffer pool.
                        p.SlotAt(0).BufIdx = 0xFFFF_FFF0;
                        p.SlotAt(0).Flags |= (ushort)NetmapSlotFlags.BufChanged;
                        poisoned = true;
                    }

                    got++;
                }

                rx.AdvanceTo(batch.Position);
            }

            return got;
        }, timeoutMs: 60000);

        Assert.True(received > 1024, $"received {received}: the ring must have wrapped over the poisoned slot");
    }

    private sealed class UdpSender(VethLab lab)
    {
        public void Send(int count) => Namespaces.Run(lab.NsB, () =>
        {
            using var udp = new UdpClient();
            for (int i = 0; i < count; i++)
            {
                udp.Send(new byte[32], new IPEndPoint(IPAddress.Parse(VethLab.AddrA), 4321));
            }
        });
    }
}
