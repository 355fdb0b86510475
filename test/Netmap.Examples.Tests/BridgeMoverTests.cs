using System;
using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;
using Netmap.Bridge;
using Netmap.Interop;
using Netmap.Sdk;
using Xunit;
using Xunit.Abstractions;

namespace Netmap.Examples.Tests;

/// <summary>
/// bridge's ports_move/rings_move driven directly in this process, between two pipes of one parent (one region:
/// zero-copy): a test port on pipe 1's master feeds the bridge's A (pipe 1's slave), the bridge's B (pipe 2's
/// master) feeds a test port on pipe 2's slave. The test does the syncs the bridge's poll() would.
/// </summary>
public sealed class BridgeMoverTests : IDisposable
{
    private readonly ITestOutputHelper _output;
    private readonly NetmapPort _in;
    private readonly NetmapPort _out;
    private readonly BridgeEndpoint _a;
    private readonly BridgeEndpoint _b;
    private readonly StringWriter _log = new();

    public BridgeMoverTests(ITestOutputHelper output)
    {
        _output = output;
        string parent = "bm" + Guid.NewGuid().ToString("N")[..8];
        _in = NetmapPort.Open($"netmap:{parent}{{1");
        _out = NetmapPort.Open($"netmap:{parent}}}2");
        _a = BridgeEndpoint.Open($"netmap:{parent}}}1");
        _b = BridgeEndpoint.Open($"netmap:{parent}{{2");
    }

    public void Dispose()
    {
        _output.WriteLine(_log.ToString());
        _a.Dispose();
        _b.Dispose();
        _in.Dispose();
        _out.Dispose();
    }

    [Fact]
    public void Fragment_chains_keep_their_MOREFRAG_flags_and_moves_log_as_rings_move()
    {
        var mover = new PacketMover(zeroCopy: true, verbose: 2, new DebugLog(_log));
        Send([(60, true), (60, true), (42, false), (70, false)]);
        Assert.Equal(4, Move(mover));
        List<(int Len, bool More)> got = Receive(4);
        Assert.Equal([(60, true), (60, true), (42, false), (70, false)], got);
        string log = _log.ToString();
        Assert.Matches(@"\d{3}\.\d{6} rings_move \[\d+\] \S+ --> \S+ fwd 4 packets: rxring 0 --> txring 0", log);
        Assert.Matches(@"\d{3}\.\d{6} rings_move \[\d+\] \S+ --> \S+: fwd len 42, rx\[2\] -> tx\[2\]", log);
    }

    [Fact]
    public void A_length_beyond_the_buffer_is_logged_and_sent_as_an_empty_frame()
    {
        var mover = new PacketMover(zeroCopy: true, verbose: 0, new DebugLog(_log));
        Send([(60, false), (61, false)]);
        _a.Port.RxSync();
        NetmapRing rx = _a.Rx(0);
        rx.Slot(rx.Head).Len = (ushort)(rx.BufferSize + 1);
        Assert.Equal(2, Move(mover));
        Assert.Equal([(0, false), (61, false)], Receive(2));
        Assert.Matches($@"\d{{3}}\.\d{{6}} rings_move \[\d+\] \S+ --> \S+: invalid len {rx.BufferSize + 1}, rxr\[0\] -> txr\[0\]", _log.ToString());
    }

    [Fact]
    public void Ring_flags_are_reported_at_most_twice_a_second()
    {
        var mover = new PacketMover(zeroCopy: true, verbose: 0, new DebugLog(_log));
        NetmapRing tx = _b.Tx(0);
        tx.Flags = (NetmapRingFlags)0x10;
        try
        {
            var clock = System.Diagnostics.Stopwatch.StartNew();
            for (int i = 0; i < 50; i++)
            {
                Send([(60, false)]);
                Assert.Equal(1, Move(mover));
                Receive(1);
            }

            MatchCollection lines = Regex.Matches(_log.ToString(), @"rings_move \[\d+\] \S+ --> \S+ rxflags 0 txflags 10");
            Assert.InRange(lines.Count, 1, 2 * ((int)clock.Elapsed.TotalSeconds + 2));
            Assert.True(lines.Count < 50);
        }
        finally
        {
            tx.Flags = 0;
        }
    }

    [Fact]
    public void Zero_copy_moves_allocate_nothing_and_lose_or_duplicate_no_buffer()
    {
        var mover = new PacketMover(zeroCopy: true, verbose: 0, new DebugLog(_log));
        HashSet<uint> before = AllBufferIndexes();
        long allocated = 0, moved = 0;
        for (int round = 0; round < 2000; round++)
        {
            Send([(60, false), (1500, false), (64, false)]);
            _a.Port.RxSync();
            long at = GC.GetAllocatedBytesForCurrentThread();
            moved += mover.MovePorts(_a, _b, 1024, "a --> b");
            allocated += GC.GetAllocatedBytesForCurrentThread() - at;
            _b.Port.TxSync();
            Receive(3);
        }

        Assert.Equal(6000, moved);
        Assert.Equal(0, allocated);
        HashSet<uint> after = AllBufferIndexes();
        Assert.Equal(before.Count, after.Count);
        Assert.True(before.SetEquals(after), "the set of buffers in the rings changed");
    }

    // Every buffer index in the rings of the bridge's two ports, which must all differ. (A pipe's TX ring and its
    // peer's RX ring hold the same buffers, so the bridge's ends see every buffer of both pipes once.)
    private HashSet<uint> AllBufferIndexes()
    {
        var all = new HashSet<uint>();
        var rings = new HashSet<nint>();
        int total = 0;
        foreach (NetmapPort port in new[] { _a.Port, _b.Port })
        {
            NetmapIf nifp = port.Descriptor.Interface;
            for (uint r = 0; r < port.TxRingCount; r++)
            {
                total += Add(nifp.TxRing(r), all);
            }

            for (uint r = 0; r < port.RxRingCount; r++)
            {
                total += Add(nifp.RxRing(r), all);
            }
        }

        Assert.Equal(total, all.Count);
        return all;

        int Add(NetmapRing ring, HashSet<uint> all)
        {
            if (!rings.Add(ring.Address))
            {
                return 0;
            }

            Span<NetmapSlot> slots = ring.Slots;
            foreach (NetmapSlot s in slots)
            {
                all.Add(s.BufIdx);
            }

            return slots.Length;
        }
    }

    private long Move(PacketMover mover)
    {
        _a.Port.RxSync();
        long m = mover.MovePorts(_a, _b, 1024, "a --> b");
        _b.Port.TxSync();
        return m;
    }

    private void Send((int Len, bool More)[] frames)
    {
        NetmapRing ring = _in.Descriptor.Interface.TxRing(0);
        uint head = ring.Head;
        foreach ((int len, bool more) in frames)
        {
            ref NetmapSlot slot = ref ring.Slot(head);
            ring.Buffer(slot.BufIdx)[..len].Fill((byte)len);
            slot.Len = (ushort)len;
            slot.Flags = more ? (ushort)NetmapSlotFlags.MoreFragments : (ushort)0;
            head = ring.Next(head);
        }

        ring.Head = ring.Cur = head;
        _in.TxSync();
    }

    private List<(int Len, bool More)> Receive(int count)
    {
        var got = new List<(int, bool)>();
        NetmapRing ring = _out.Descriptor.Interface.RxRing(0);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        while (got.Count < count)
        {
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(10), $"only {got.Count} of {count} frames");
            _out.RxSync();
            while (!ring.IsEmpty && got.Count < count)
            {
                ref NetmapSlot slot = ref ring.Slot(ring.Head);
                if (slot.Len > 0)
                {
                    Assert.Equal((byte)slot.Len, ring.Buffer(slot.BufIdx)[slot.Len - 1]);
                }

                got.Add((slot.Len, (slot.Flags & (ushort)NetmapSlotFlags.MoreFragments) != 0));
                ring.Head = ring.Cur = ring.Next(ring.Head);
            }
        }

        _out.RxSync();
        return got;
    }
}
