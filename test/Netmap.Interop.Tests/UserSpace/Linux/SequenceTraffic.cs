using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Netmap.Interop;

namespace Netmap.Interop.Tests.UserSpace.Linux;

/// <summary>Collecting the sequence numbers (first 4 payload bytes) of UDP datagrams, from a ring or a socket.</summary>
internal static class SequenceTraffic
{
    /// <summary>
    /// Polls <paramref name="p"/> for <paramref name="milliseconds"/>, releasing every slot of <paramref name="rx"/>
    /// and adding the sequence of each UDP frame to <paramref name="port"/> with a <paramref name="length"/>-byte payload.
    /// </summary>
    public static void Collect(UsPort p, NetmapRing rx, ushort port, int length, int milliseconds, List<int> into)
    {
        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < milliseconds)
        {
            p.Poll(PollEvents.In, 100);
            Drain(rx, port, length, into);
        }
    }

    /// <summary>As <see cref="Collect"/>, for each of the RX rings <paramref name="rxRings"/> (indexes as NetmapIf numbers them) separately.</summary>
    public static List<int>[] CollectPerRing(UsPort p, uint[] rxRings, ushort port, int length, int milliseconds)
    {
        var seen = new List<int>[rxRings.Length];
        for (int i = 0; i < seen.Length; i++)
        {
            seen[i] = [];
        }

        var sw = Stopwatch.StartNew();
        while (sw.ElapsedMilliseconds < milliseconds)
        {
            p.Poll(PollEvents.In, 100);
            for (int i = 0; i < rxRings.Length; i++)
            {
                Drain(p.Rx(rxRings[i]), port, length, seen[i]);
            }
        }

        return seen;
    }

    private static void Drain(NetmapRing rx, ushort port, int length, List<int> into)
    {
        for (; rx.Head != rx.Tail; rx.Head = rx.Cur = rx.Next(rx.Head))
        {
            ReadOnlySpan<byte> payload = Frames.UdpPayload(rx.SlotData(rx.Head), port);
            if (payload.Length == length)
            {
                into.Add(System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(payload));
            }
        }
    }

    /// <summary>The sequence numbers a socket received until it stayed quiet for 300 ms.</summary>
    public static List<int> Received(UdpClient socket)
    {
        var got = new List<int>();
        socket.Client.ReceiveTimeout = 300;
        var from = new IPEndPoint(IPAddress.Any, 0);
        while (true)
        {
            try
            {
                byte[] data = socket.Receive(ref from);
                got.Add(data.Length >= 4 ? System.Buffers.Binary.BinaryPrimitives.ReadInt32BigEndian(data) : -1);
            }
            catch (SocketException ex) when (ex.SocketErrorCode is SocketError.TimedOut or SocketError.WouldBlock)
            {
                return got;
            }
        }
    }
}
